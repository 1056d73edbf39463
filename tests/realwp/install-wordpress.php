<?php
/*
 * Install WordPress for the site at $argv[1] with the admin password $argv[2], as
 * wp-admin/install.php would (Debian has no wp-cli). Run by setup.sh, once.
 */
$site                   = parse_url( $argv[1] );
$_SERVER['HTTP_HOST']   = $site['host'] . ':' . $site['port'];
$_SERVER['REQUEST_URI'] = '/wp-admin/install.php';
define( 'WP_INSTALLING', true );
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

if ( ! is_blog_installed() ) {
	add_filter( 'pre_wp_mail', '__return_false' );  // no mail leaves the machine
	wp_install( 'EasyCart test store', 'admin', 'admin@example.com', false, '', wp_slash( $argv[2] ) );
}
