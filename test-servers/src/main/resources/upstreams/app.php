<?php
// The PHP upstream of the gateway tests, run by `php -S 127.0.0.1:PORT app.php` (Debian php-cli, php-sqlite3).
// Orders live in the SQLite file named by $ORDERS_DB, the app's own storage that the tests read back.
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$method = $_SERVER['REQUEST_METHOD'];

function db(): PDO {
    $db = new PDO('sqlite:' . getenv('ORDERS_DB'));
    $db->setAttribute(PDO::ATTR_ERRMODE, PDO::ERRMODE_EXCEPTION);
    $db->exec('PRAGMA busy_timeout = 5000');
    $db->exec('CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, item TEXT NOT NULL, '
        . 'idempotency_key TEXT UNIQUE, replay TEXT, forwarded_for TEXT)');
    return $db;
}

function json(int $status, $document): void {
    http_response_code($status);
    header('Content-Type: application/json');
    echo json_encode($document);
}

function headers_lower(): array {
    $headers = [];
    foreach (getallheaders() as $name => $value) {
        $headers[strtolower($name)] = $value;
    }
    return $headers;
}

if ($method === 'GET' && $path === '/') {
    header('Content-Type: text/html; charset=utf-8');
    echo "<!doctype html><h1>Orders</h1><p>served by php</p>\n";
} elseif ($method === 'GET' && $path === '/api/orders') {
    $rows = db()->query('SELECT id, item, idempotency_key AS key, replay FROM orders ORDER BY id')->fetchAll(PDO::FETCH_ASSOC);
    json(200, ['orders' => $rows]);
} elseif ($method === 'POST' && $path === '/api/orders') {
    $body = json_decode(file_get_contents('php://input'), true);
    if (!is_array($body) || !isset($body['item']) || !is_string($body['item'])) {
        json(400, ['error' => 'the body must be JSON with an item']);
        return;
    }
    $headers = headers_lower();
    $key = $headers['idempotency-key'] ?? null;
    $db = db();
    if ($key !== null) {
        $found = $db->prepare('SELECT id FROM orders WHERE idempotency_key = ?');
        $found->execute([$key]);
        $id = $found->fetchColumn();
        if ($id !== false) {
            json(200, ['id' => (int) $id, 'duplicate' => true]);
            return;
        }
    }
    $insert = $db->prepare('INSERT INTO orders (item, idempotency_key, replay, forwarded_for) VALUES (?, ?, ?, ?)');
    $insert->execute([$body['item'], $key, $headers['x-maintenance4j-replay'] ?? null, $headers['x-forwarded-for'] ?? null]);
    json(201, ['id' => (int) $db->lastInsertId()]);
} elseif ($method === 'GET' && $path === '/api/stream') {
    header('Content-Type: text/event-stream');
    header('Cache-Control: no-store');
    for ($i = 1; $i <= 5; $i++) {
        echo "data: tick $i\n\n";
        @ob_flush();
        flush();
        usleep(200000);
    }
} elseif ($method === 'GET' && $path === '/slow') {
    usleep(1000 * (int) ($_GET['ms'] ?? '1000'));
    json(200, ['slept' => (int) ($_GET['ms'] ?? '1000')]);
} elseif ($path === '/headers') {
    json(200, headers_lower());
} elseif ($method === 'POST' && $path === '/api/echo') {
    header('Content-Type: ' . ($_SERVER['CONTENT_TYPE'] ?? 'application/octet-stream'));
    header('X-Upstream: php');
    echo file_get_contents('php://input');
} elseif (preg_match('#^/status/(\d{3})$#', $path, $m)) {
    json((int) $m[1], ['status' => (int) $m[1]]);
} else {
    json(404, ['error' => 'no such page']);
}
