'use strict';
// The comparison peer for bench/run.sh: a minimal broadcast server on the npm `ws` package,
// written the way its README broadcasts (one send() per recipient). It persists nothing,
// authenticates nobody and keeps no history: it is the floor of what a fan-out server does.
//
// Usage: node ws-peer.js [HOST] [PORT]   (defaults 127.0.0.1 and 0 = any free port)
// Prints "listening on HOST:PORT" once it accepts connections, like weerbaar-server.
//
// Protocol: every frame is binary; its first byte says what it is.
//   0x01 NAME     join the room NAME (a connection is in at most one room);
//                 answered with the one-byte frame 0x01 once joined
//   0x02 PAYLOAD  PAYLOAD is sent, as a binary frame of its own, to every other open
//                 connection in the sender's room
// Anything else (a text frame, an empty frame, an unknown kind, a broadcast before a join)
// closes the connection with 1003.
const { WebSocketServer, WebSocket } = require('ws');

const JOIN = 0x01;
const BROADCAST = 0x02;
const JOINED = Buffer.from([JOIN]);

const host = process.argv[2] || '127.0.0.1';
const port = Number(process.argv[3] || 0);

// Weerbaar's defaults for the same knobs: no compression, 64 KiB frames.
const wss = new WebSocketServer({ host, port, perMessageDeflate: false, maxPayload: 64 * 1024 });
const rooms = new Map(); // room name -> Set of connections

function leave(ws) {
  const room = rooms.get(ws.room);
  if (!room) return;
  room.delete(ws);
  if (room.size === 0) rooms.delete(ws.room);
}

function join(ws, name) {
  leave(ws);
  ws.room = name;
  if (!rooms.has(name)) rooms.set(name, new Set());
  rooms.get(name).add(ws);
  ws.send(JOINED, { binary: true });
}

function broadcast(ws, payload) {
  for (const other of rooms.get(ws.room)) {
    if (other !== ws && other.readyState === WebSocket.OPEN) other.send(payload, { binary: true });
  }
}

wss.on('connection', (ws) => {
  ws.room = null;
  ws.on('message', (data, isBinary) => {
    if (!isBinary || data.length === 0) return ws.close(1003);
    if (data[0] === JOIN) return join(ws, data.toString('latin1', 1));
    if (data[0] === BROADCAST && rooms.has(ws.room)) return broadcast(ws, data.subarray(1));
    ws.close(1003);
  });
  ws.on('close', () => leave(ws));
  ws.on('error', () => leave(ws));
});

wss.on('listening', () => {
  console.log(`listening on ${host}:${wss.address().port}`);
});

function shutdown() {
  for (const ws of wss.clients) ws.terminate();
  wss.close(() => process.exit(0));
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
