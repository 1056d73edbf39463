#!/usr/bin/env bash
# How the realwp site (made by setup.sh) behaves. Each NAME=VALUE sets one switch;
# every switch not named takes its default (the first value below):
#   permalinks=pretty|plain          pretty: /wp-json/… with WordPress's rewrite block
#   php=mod_php|fpm                  Apache's PHP module, or php-fpm through proxy_fcgi
#   auth_header=rewrite|cgipassauth|setenvif|dropped
#                                    how the Authorization header reaches PHP: WordPress's
#                                    rewrite rule (.htaccess since 5.6), CGIPassAuth On,
#                                    Debian's php-fpm SetEnvIf line, or not at all
#   print=none|before|whitespace|after
#                                    a plugin printing an HTML comment or blank lines
#                                    before the JSON, or a cache plugin's comment after it
#   fatal=none|list|get|create|update|delete|authenticate
#                                    a PHP fatal error in that route
#   perpage=clamp|refuse             a perpage over the maximum served as the maximum, or
#                                    refused with 400 rest_invalid_param by the route's args
#   perpage_max=100|N                that maximum
# Apache (and php-fpm) restart only when their configuration changes.
set -euo pipefail

PORT=${REALWP_PORT:-8089}
SITE="http://127.0.0.1:$PORT"
STATE=/var/lib/easycart-realwp
DB=easycart_realwp
WAIT_STEPS=100  # of 0.1 s: the longest wait for a process to start or stop

declare -A switch=([permalinks]=pretty [php]=mod_php [auth_header]=rewrite [print]=none
                   [fatal]=none [perpage]=clamp [perpage_max]=100)
declare -A allowed=([permalinks]='pretty|plain' [php]='mod_php|fpm'
                    [auth_header]='rewrite|cgipassauth|setenvif|dropped'
                    [print]='none|before|whitespace|after'
                    [fatal]='none|list|get|create|update|delete|authenticate'
                    [perpage]='clamp|refuse' [perpage_max]='[1-9]|[1-9][0-9]|[1-9][0-9][0-9]')

fail() { echo "realwp: $*" >&2; exit 2; }

for given in "$@"; do
    name=${given%%=*}
    value=${given#*=}
    [ -n "${switch[$name]+set}" ] && [ "$given" != "$name" ] \
        || fail "no switch $given: give NAME=VALUE, NAME one of ${!switch[*]}"
    [[ "$value" =~ ^(${allowed[$name]})$ ]] || fail "$name takes ${allowed[$name]}, not $value"
    switch[$name]=$value
done

# What the plugin reads on every request.
cat > "$STATE/switches.json.new" <<JSON
{"print": "${switch[print]}", "fatal": "${switch[fatal]}", "perpage": "${switch[perpage]}",
 "perpage_max": ${switch[perpage_max]}}
JSON
chmod 644 "$STATE/switches.json.new"
mv "$STATE/switches.json.new" "$STATE/switches.json"

structure=
[ "${switch[permalinks]}" = pretty ] && structure='/%postname%/'
mysql "$DB" -e "UPDATE wp_options SET option_value = '$structure'
                WHERE option_name = 'permalink_structure';
                DELETE FROM wp_options WHERE option_name = 'rewrite_rules';"

wait_for() {  # wait_for CONDITION... : true once it holds, within WAIT_STEPS
    for _ in $(seq "$WAIT_STEPS"); do "$@" && return 0; sleep 0.1; done
    return 1
}
running() {  # running PIDFILE COMMAND: the process the file names is that command
    [ -s "$1" ] && [ "$(cat "/proc/$(cat "$1" 2>/dev/null)/comm" 2>/dev/null)" = "$2" ]
}
stopped() { ! running "$1" "$2"; }
stop() {  # stop PIDFILE COMMAND
    if running "$1" "$2"; then
        kill -TERM "$(cat "$1")"
        wait_for stopped "$1" "$2" || fail "$2 did not stop"
    fi
    rm -f "$1"
}
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

auth_rule='RewriteRule .* - [E=HTTP_AUTHORIZATION:%{HTTP:Authorization}]'
directory_rules=()
case ${switch[auth_header]} in
    cgipassauth) directory_rules+=('CGIPassAuth On') ;;
    setenvif) directory_rules+=('SetEnvIfNoCase ^Authorization$ "(.+)" HTTP_AUTHORIZATION=$1') ;;
esac
if [ "${switch[permalinks]}" = pretty ]; then
    # WordPress's own block; the Authorization rule is in it from WordPress 5.6 on,
    # and an older .htaccess lacks it.
    directory_rules+=('RewriteEngine On')
    [ "${switch[auth_header]}" = rewrite ] && directory_rules+=("$auth_rule")
    directory_rules+=('RewriteBase /' 'RewriteRule ^index\.php$ - [L]'
                      'RewriteCond %{REQUEST_FILENAME} !-f'
                      'RewriteCond %{REQUEST_FILENAME} !-d' 'RewriteRule . /index.php [L]')
elif [ "${switch[auth_header]}" = rewrite ]; then
    directory_rules+=('RewriteEngine On' "$auth_rule")
fi

modules=(authz_core dir mime alias rewrite setenvif)
if [ "${switch[php]}" = mod_php ]; then
    mpm=prefork
    handler='SetHandler application/x-httpd-php'
else
    mpm=event
    modules+=(proxy proxy_fcgi)
    handler="SetHandler \"proxy:unix:$STATE/php-fpm.sock|fcgi://localhost\""
fi

{
    echo "# Written by switch.sh"
    echo "ServerRoot $STATE"
    echo "PidFile $STATE/apache2.pid"
    echo "DefaultRuntimeDir $STATE"
    echo "Mutex file:$STATE default"
    echo "Listen 127.0.0.1:$PORT"
    echo "ServerName 127.0.0.1"
    echo "User www-data"
    echo "Group www-data"
    echo "ErrorLog $STATE/apache-error.log"
    echo "LogFormat \"%h %t \\\"%r\\\" %>s %b\" short"
    echo "CustomLog $STATE/apache-access.log short"
    echo "LoadModule mpm_${mpm}_module /usr/lib/apache2/modules/mod_mpm_${mpm}.so"
    for module in "${modules[@]}"; do
        echo "LoadModule ${module}_module /usr/lib/apache2/modules/mod_${module}.so"
    done
    [ "${switch[php]}" = mod_php ] \
        && echo "LoadModule php_module /usr/lib/apache2/modules/libphp8.2.so"
    echo "StartServers 2"
    echo "TypesConfig /etc/mime.types"
    echo "DocumentRoot /usr/share/wordpress"
    echo "Alias /wp-content /var/lib/wordpress/wp-content"
    echo "<Directory />"
    echo "    AllowOverride None"
    echo "    Require all denied"
    echo "</Directory>"
    echo "<Directory /var/lib/wordpress/wp-content>"
    echo "    Options FollowSymLinks"
    echo "    Require all granted"
    echo "</Directory>"
    echo "<Directory /usr/share/wordpress>"
    echo "    Options FollowSymLinks"
    echo "    DirectoryIndex index.php"
    echo "    Require all granted"
    for rule in "${directory_rules[@]}"; do echo "    $rule"; done
    echo "</Directory>"
    echo "<FilesMatch \".+\\.php\$\">"
    echo "    $handler"
    echo "</FilesMatch>"
} > "$STATE/apache2.conf.new"

fpm_conf="$STATE/php-fpm.conf"
if [ "${switch[php]}" = fpm ]; then
    cat > "$fpm_conf" <<CONF
[global]
pid = $STATE/php-fpm.pid
error_log = $STATE/php-fpm.log
[www]
user = www-data
group = www-data
listen = $STATE/php-fpm.sock
listen.owner = www-data
listen.group = www-data
pm = static
pm.max_children = 4
catch_workers_output = yes
CONF
    if ! running "$STATE/php-fpm.pid" php-fpm8.2; then
        rm -f "$STATE/php-fpm.pid" "$STATE/php-fpm.sock"
        /usr/sbin/php-fpm8.2 --fpm-config "$fpm_conf"
        wait_for test -S "$STATE/php-fpm.sock" || fail "php-fpm did not start"
    fi
fi

if ! running "$STATE/apache2.pid" apache2 \
        || ! cmp -s "$STATE/apache2.conf.new" "$STATE/apache2.conf"; then
    stop "$STATE/apache2.pid" apache2
    # Its last children may hold the port a moment longer than it lives.
    wait_for port_free || fail "port $PORT is taken: another server listens there"
    mv "$STATE/apache2.conf.new" "$STATE/apache2.conf"
    /usr/sbin/apache2 -f "$STATE/apache2.conf" -k start
    wait_for running "$STATE/apache2.pid" apache2 \
        || fail "Apache did not start: see $STATE/apache-error.log"
fi
rm -f "$STATE/apache2.conf.new"
# Only once Apache no longer hands it requests.
[ "${switch[php]}" = fpm ] || stop "$STATE/php-fpm.pid" php-fpm8.2

answers() { curl -s -o /dev/null --max-time 5 -f "$SITE/?rest_route=/"; }
wait_for answers || fail "the site does not answer at $SITE: see $STATE/apache-error.log"
