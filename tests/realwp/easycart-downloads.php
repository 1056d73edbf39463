<?php
/**
 * Plugin Name: EasyCart Downloads API (test store)
 * Description: The Downloads routes of the WP EasyCart REST API over the ec_download
 * table, declared as WordPress core declares its own routes, with the switches of
 * tests/realwp/switch.sh that make it fail as real hosts and plugins do.
 */

defined( 'ABSPATH' ) || exit;

const EASYCART_NAMESPACE = 'wp-easycart/v1';
const EASYCART_SWITCHES  = '/var/lib/easycart-realwp/switches.json';
const EASYCART_MAX_INT   = 2147483647;

/**
 * The API's sort terms and the columns they sort by: the S3 flag is documented as
 * `is_amazon`, and its column is `is_amazon_download`.
 */
const EASYCART_SORT_COLUMNS = array(
	'download_id'        => 'download_id',
	'date_created'       => 'date_created',
	'product_id'         => 'product_id',
	'order_id'           => 'order_id',
	'download_count'     => 'download_count',
	'download_file_name' => 'download_file_name',
	'is_amazon'          => 'is_amazon_download',
	'is_amazon_download' => 'is_amazon_download',
	'amazon_key'         => 'amazon_key',
);

/** The switches, read once a request; a missing file is the defaults. */
function easycart_switches() {
	static $switches = null;
	if ( null === $switches ) {
		$read     = is_readable( EASYCART_SWITCHES )
			? json_decode( (string) file_get_contents( EASYCART_SWITCHES ), true ) : null;
		$switches = array_merge(
			array( 'print' => 'none', 'fatal' => 'none', 'perpage' => 'clamp', 'perpage_max' => 100 ),
			is_array( $read ) ? $read : array()
		);
	}
	return $switches;
}

/*
 * Plugins that print: one echoing a comment or blank lines while WordPress starts
 * (PHP's output buffer holds it, so the headers still go out), a cache plugin adding
 * its comment once the answer is written.
 */
add_action(
	'init',
	function () {
		$print = easycart_switches()['print'];
		if ( 'before' === $print ) {
			echo "<!-- Tracking code added by Example Analytics -->\n";
		} elseif ( 'whitespace' === $print ) {
			echo "\n\n";
		} elseif ( 'after' === $print ) {
			register_shutdown_function(
				function () {
					echo "\n<!-- Page cached by Example Cache on " . gmdate( 'Y-m-d H:i:s' ) . ' -->';
				}
			);
		}
	}
);

add_action( 'rest_api_init', 'easycart_register_routes' );

function easycart_register_routes() {
	register_rest_route(
		EASYCART_NAMESPACE,
		'/downloads',
		array(
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => 'easycart_list_downloads',
				'permission_callback' => 'easycart_may_read',
				'args'                => easycart_list_args(),
			),
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => 'easycart_create_download',
				'permission_callback' => 'easycart_may_write',
				'args'                => easycart_field_args(),
			),
		)
	);
	register_rest_route(
		EASYCART_NAMESPACE,
		'/downloads/(?P<download_id>[^/]+)',
		array(
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => 'easycart_get_download',
				'permission_callback' => 'easycart_may_read',
			),
			array(
				'methods'             => WP_REST_Server::EDITABLE,
				'callback'            => 'easycart_update_download',
				'permission_callback' => 'easycart_may_write',
				'args'                => easycart_field_args(),
			),
			array(
				'methods'             => WP_REST_Server::DELETABLE,
				'callback'            => 'easycart_delete_download',
				'permission_callback' => 'easycart_may_write',
			),
		)
	);
	register_rest_route(
		EASYCART_NAMESPACE,
		'/authenticate/test',
		array(
			'methods'             => WP_REST_Server::CREATABLE,
			'callback'            => 'easycart_authenticate_test',
			'permission_callback' => 'easycart_may_read',
		)
	);
}

/** An argument checked and converted by WordPress from its schema, as core's routes are. */
function easycart_arg( array $schema ) {
	return $schema + array(
		'validate_callback' => 'rest_validate_request_arg',
		'sanitize_callback' => 'rest_sanitize_request_arg',
	);
}

function easycart_list_args() {
	$switches = easycart_switches();
	$perpage  = array( 'type' => 'integer', 'minimum' => 1, 'default' => 50 );
	if ( 'refuse' === $switches['perpage'] ) {
		$perpage['maximum'] = (int) $switches['perpage_max'];
	}
	return array(
		'page'    => easycart_arg( array( 'type' => 'integer', 'minimum' => 1, 'default' => 1 ) ),
		'perpage' => easycart_arg( $perpage ),
		'sortby'  => easycart_arg( array( 'type' => 'string', 'default' => 'download_id' ) ),
		'sortdir' => easycart_arg( array( 'type' => 'string', 'default' => 'ASC' ) ),
		'search'  => easycart_arg( array( 'type' => 'string', 'default' => '' ) ),
	);
}

function easycart_field_args() {
	$number = array( 'type' => 'integer', 'minimum' => 0, 'maximum' => EASYCART_MAX_INT );
	return array(
		'product_id'         => easycart_arg( $number ),
		'order_id'           => easycart_arg( $number ),
		'download_count'     => easycart_arg( $number ),
		'download_file_name' => easycart_arg( array( 'type' => 'string' ) ),
		'is_amazon'          => easycart_arg( array( 'type' => 'boolean' ) ),
		'amazon_key'         => easycart_arg( array( 'type' => 'string', 'maxLength' => 1024 ) ),
	);
}

/**
 * Whether the request carries the store's token and secret key, base64-encoded as
 * `token:secret`, under one of `$schemes`. WordPress answers false with its own
 * 401 `rest_forbidden`.
 */
function easycart_has_credentials( WP_REST_Request $request, array $schemes ) {
	$header = trim( (string) $request->get_header( 'authorization' ) );
	if ( ! preg_match( '/^(\w+)\s+(\S+)$/', $header, $parts ) ) {
		return false;
	}
	if ( ! in_array( strtolower( $parts[1] ), $schemes, true ) ) {
		return false;
	}
	$given    = base64_decode( $parts[2], true );
	$expected = get_option( 'easycart_api_token' ) . ':' . get_option( 'easycart_api_secret' );
	return false !== $given && hash_equals( $expected, $given );
}

function easycart_may_read( WP_REST_Request $request ) {
	return easycart_has_credentials( $request, array( 'bearer', 'basic' ) );
}

function easycart_may_write( WP_REST_Request $request ) {
	return easycart_has_credentials( $request, array( 'bearer' ) );
}

/** The `fatal` switch: this route calls a function that is not there. */
function easycart_fail_if_switched( $route ) {
	if ( easycart_switches()['fatal'] === $route ) {
		easycart_function_removed_in_an_update();
	}
}

function easycart_list_downloads( WP_REST_Request $request ) {
	global $wpdb;
	easycart_fail_if_switched( 'list' );
	$perpage = min( $request['perpage'], (int) easycart_switches()['perpage_max'] );
	$column  = EASYCART_SORT_COLUMNS[ $request['sortby'] ] ?? null;
	$dir     = 'DESC' === strtoupper( $request['sortdir'] ) ? 'DESC' : 'ASC';
	if ( null === $column ) {  // a sort term it does not know: its own order, without a word
		$column = 'download_id';
		$dir    = 'ASC';
	}
	$where = '';
	$args  = array();
	if ( '' !== $request['search'] ) {
		$where = 'WHERE download_id LIKE %s OR order_id LIKE %s OR product_id LIKE %s'
			. ' OR download_file_name LIKE %s';
		$args  = array_fill( 0, 4, '%' . $wpdb->esc_like( $request['search'] ) . '%' );
	}
	$args[] = $perpage;
	$args[] = ( $request['page'] - 1 ) * $perpage;
	$rows   = $wpdb->get_results(
		$wpdb->prepare(
			"SELECT * FROM ec_download {$where} ORDER BY {$column} {$dir}, download_id {$dir}"
			. ' LIMIT %d OFFSET %d',
			$args
		),
		ARRAY_A
	);
	if ( $wpdb->last_error ) {
		return easycart_database_error();
	}
	return rest_ensure_response( $rows );
}

function easycart_get_download( WP_REST_Request $request ) {
	easycart_fail_if_switched( 'get' );
	return easycart_found( easycart_row( $request['download_id'] ) );
}

function easycart_create_download( WP_REST_Request $request ) {
	global $wpdb;
	easycart_fail_if_switched( 'create' );
	$columns                = easycart_columns( $request );
	$columns['download_id'] = uniqid( md5( rand() ) );
	if ( false === $wpdb->insert( 'ec_download', $columns ) ) {
		return easycart_database_error();
	}
	return easycart_found( easycart_row( $columns['download_id'] ) );
}

function easycart_update_download( WP_REST_Request $request ) {
	global $wpdb;
	easycart_fail_if_switched( 'update' );
	$id = $request['download_id'];
	if ( null === easycart_row( $id ) ) {
		return easycart_found( null );
	}
	$columns = easycart_columns( $request );
	$where   = array( 'download_id' => $id );
	if ( $columns && false === $wpdb->update( 'ec_download', $columns, $where ) ) {
		return easycart_database_error();
	}
	return easycart_found( easycart_row( $id ) );
}

function easycart_delete_download( WP_REST_Request $request ) {
	global $wpdb;
	easycart_fail_if_switched( 'delete' );
	$row = easycart_row( $request['download_id'] );
	if ( null !== $row
		&& false === $wpdb->delete( 'ec_download', array( 'download_id' => $row['download_id'] ) ) ) {
		return easycart_database_error();
	}
	return easycart_found( $row );
}

function easycart_authenticate_test( WP_REST_Request $request ) {
	easycart_fail_if_switched( 'authenticate' );
	return rest_ensure_response( array( 'authenticated' => true ) );
}

/** The record's row as `$wpdb` returns it (every column a string), or null. */
function easycart_row( $download_id ) {
	global $wpdb;
	return $wpdb->get_row(
		$wpdb->prepare( 'SELECT * FROM ec_download WHERE download_id = %s', $download_id ),
		ARRAY_A
	);
}

/** The columns a POST or PATCH sets: only the fields it sent. */
function easycart_columns( WP_REST_Request $request ) {
	$columns = array();
	foreach ( array_keys( easycart_field_args() ) as $field ) {
		if ( $request->has_param( $field ) ) {
			$column             = 'is_amazon' === $field ? 'is_amazon_download' : $field;
			$columns[ $column ] = 'is_amazon' === $field ? (int) $request[ $field ] : $request[ $field ];
		}
	}
	return $columns;
}

function easycart_found( $row ) {
	if ( null === $row ) {
		return new WP_Error(
			'rest_download_invalid_id',
			'Invalid download ID.',
			array( 'status' => 404 )
		);
	}
	return rest_ensure_response( $row );
}

function easycart_database_error() {
	return new WP_Error(
		'easycart_database_error',
		'The store could not read or write its downloads.',
		array( 'status' => 500 )
	);
}
