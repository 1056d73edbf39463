"""Screens of the interactive app: the list, a record, the form and the dialogs."""
