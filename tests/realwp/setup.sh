#!/usr/bin/env bash
# A real WordPress for the realwp tests: Debian's wordpress, Apache, PHP and MariaDB,
# a site on 127.0.0.1:$REALWP_PORT (8089) only, and the Downloads routes as a must-use
# plugin over a freshly seeded ec_download table. Run as root. Safe to run again: what
# is there is kept, the table is seeded anew and the switches go back to their defaults.
#
# Exit 77 when the packages cannot be had here (not root, no apt, no mirror): the tests
# are skipped with the message on the last line of standard error.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
PORT=${REALWP_PORT:-8089}
SITE="http://127.0.0.1:$PORT"
STATE=/var/lib/easycart-realwp
DB=easycart_realwp
DB_USER=easycart_realwp
DB_PASSWORD=realwp-db-password
TOKEN=realwp-token
SECRET=realwp-secret-7Hq2
ADMIN_PASSWORD=realwp-admin-password
PACKAGES=(wordpress wordpress-theme-twentytwentythree apache2 libapache2-mod-php php-fpm
          php-mysql mariadb-server mariadb-client curl)

cannot() { echo "realwp: $*" >&2; exit 77; }
say() { echo "realwp: $*"; }

[ "$(id -u)" = 0 ] || cannot "not root: installing Debian's packages needs root"
command -v apt-get >/dev/null || cannot "no apt-get: Debian's packages cannot be installed"

missing=()
for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' \
        || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    # No service may start on its own (Apache would take port 80 on every address):
    # this script starts each one on the loopback address only.
    added_policy=
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        added_policy=yes
    fi
    log=$(mktemp)
    status=0
    { timeout 300 apt-get update -q && DEBIAN_FRONTEND=noninteractive timeout 900 \
        apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$log" 2>&1 || status=$?
    [ -z "$added_policy" ] || rm -f /usr/sbin/policy-rc.d
    if [ "$status" != 0 ]; then
        reason=$(grep -E '^(E|W): ' "$log" | tail -1)
        rm -f "$log"
        cannot "apt-get could not install Debian's packages (${reason:-exit $status})"
    fi
    rm -f "$log"
fi

mkdir -p "$STATE"
chmod 755 "$STATE"

# MariaDB: Debian's server listens on 127.0.0.1 (and its socket) only.
printf '[mysqld]\nbind-address = 127.0.0.1\n' > /etc/mysql/mariadb.conf.d/99-easycart-realwp.cnf
if ! mysqladmin ping >/dev/null 2>&1; then
    say "starting MariaDB"
    timeout 120 /etc/init.d/mariadb start >/dev/null
fi
for _ in $(seq 100); do mysqladmin ping >/dev/null 2>&1 && break; sleep 0.2; done
mysqladmin ping >/dev/null 2>&1 || { echo "realwp: MariaDB did not start" >&2; exit 1; }

mysql <<SQL
CREATE DATABASE IF NOT EXISTS $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci;
CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
GRANT ALL PRIVILEGES ON $DB.* TO '$DB_USER'@'localhost';
SQL

# The site's wp-config, where Debian's wordpress looks for it: config-<host>.php.
config=/etc/wordpress/config-127.0.0.1.php
cat > "$config" <<PHP
<?php
define( 'DB_NAME', '$DB' );
define( 'DB_USER', '$DB_USER' );
define( 'DB_PASSWORD', '$DB_PASSWORD' );
define( 'DB_HOST', 'localhost' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
define( 'AUTH_KEY', 'realwp-auth-key' );
define( 'SECURE_AUTH_KEY', 'realwp-secure-auth-key' );
define( 'LOGGED_IN_KEY', 'realwp-logged-in-key' );
define( 'NONCE_KEY', 'realwp-nonce-key' );
define( 'AUTH_SALT', 'realwp-auth-salt' );
define( 'SECURE_AUTH_SALT', 'realwp-secure-auth-salt' );
define( 'LOGGED_IN_SALT', 'realwp-logged-in-salt' );
define( 'NONCE_SALT', 'realwp-nonce-salt' );
define( 'WP_DEBUG', false );
define( 'WP_HOME', '$SITE' );
define( 'WP_SITEURL', '$SITE' );
define( 'DISABLE_WP_CRON', true );
define( 'WP_CONTENT_DIR', '/var/lib/wordpress/wp-content' );
\$table_prefix = 'wp_';
PHP
chown root:www-data "$config"
chmod 640 "$config"

mkdir -p /var/lib/wordpress/wp-content/mu-plugins
install -m 644 "$HERE/easycart-downloads.php" /var/lib/wordpress/wp-content/mu-plugins/

if ! mysql -N "$DB" -e "SELECT 1 FROM wp_options WHERE option_name = 'siteurl'" 2>/dev/null \
        | grep -q 1; then
    say "installing WordPress"
    timeout 120 php "$HERE/install-wordpress.php" "$SITE" "$ADMIN_PASSWORD"
fi

mysql "$DB" < "$HERE/seed.sql"
mysql "$DB" <<SQL
INSERT INTO wp_options (option_name, option_value, autoload)
VALUES ('easycart_api_token', '$TOKEN', 'yes'), ('easycart_api_secret', '$SECRET', 'yes')
ON DUPLICATE KEY UPDATE option_value = VALUES(option_value);
SQL

bash "$HERE/switch.sh"
say "the store's API: $SITE/wp-json/wp-easycart/v1 (or $SITE/?rest_route=/wp-easycart/v1)," \
    "token $TOKEN, secret $SECRET"
