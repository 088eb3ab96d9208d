// One WebSocket connection to a Weerbaar server (docs/protocol.md): binary frames, one
// protobuf message each. Requests carry a non-zero request_id and are matched to their
// reply; pushes (request_id 0) go to the push handler in arrival order.
//
// Works with the browser's WebSocket and with the `ws` package under node (tests): both
// are passed in through a SocketFactory. No reconnect logic here: see session.ts.
import { create, fromBinary, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import {
  ClientMessageSchema,
  ErrorCode,
  ServerMessageSchema,
  type Challenge,
  type ServerMessage,
} from '../gen/weerbaar_pb';

// The subset of the WebSocket API used here (browser WebSocket and `ws` both provide it).
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}
export type SocketFactory = (url: string) => SocketLike;

export type RequestBody = MessageInitShape<typeof ClientMessageSchema>['body'];

// An Error reply from the server (request refused), as opposed to a lost connection.
export class ServerError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ServerError';
  }
}

// The connection is gone (closed, failed, or a reply did not come in time).
export class ConnectionLost extends Error {
  constructor(
    message: string,
    readonly closeCode = 0,
  ) {
    super(message);
    this.name = 'ConnectionLost';
  }
}

interface Pending {
  resolve: (m: ServerMessage) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

export class Connection {
  private nextId = 1n;
  private readonly pending = new Map<bigint, Pending>();
  private closedError: ConnectionLost | null = null;
  onPush: (m: ServerMessage) => void = () => {};
  onClose: (e: ConnectionLost) => void = () => {};

  private constructor(
    private readonly socket: SocketLike,
    readonly challenge: Challenge,
  ) {}

  // Opens the socket and waits for the server's Challenge (the first frame).
  static open(url: string, factory: SocketFactory, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Connection> {
    return new Promise((resolve, reject) => {
      let socket: SocketLike;
      try {
        socket = factory(url);
      } catch (e) {
        reject(new ConnectionLost(`cannot open ${url}: ${(e as Error).message}`));
        return;
      }
      socket.binaryType = 'arraybuffer';
      const timer = setTimeout(() => fail('the server did not answer in time'), timeoutMs);
      const fail = (why: string, code = 0) => {
        clearTimeout(timer);
        socket.onmessage = socket.onclose = socket.onerror = null;
        try {
          socket.close();
        } catch {
          /* already closed */
        }
        reject(new ConnectionLost(why, code));
      };
      socket.onerror = () => fail('cannot reach the server');
      socket.onclose = (ev) => fail('the server closed the connection', ev.code);
      socket.onmessage = (ev) => {
        const m = decode(ev.data);
        if (!m || m.body.case !== 'challenge') return fail('the server did not send a challenge');
        clearTimeout(timer);
        const conn = new Connection(socket, m.body.value);
        conn.attach();
        resolve(conn);
      };
    });
  }

  get isOpen(): boolean {
    return this.closedError === null;
  }

  // Sends a request and resolves with its reply; rejects with ServerError for an Error
  // reply and ConnectionLost when the connection ends or the reply takes too long.
  call(body: RequestBody, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ServerMessage> {
    if (this.closedError) return Promise.reject(this.closedError);
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.lose(new ConnectionLost('the server did not answer in time')), timeoutMs);
      this.pending.set(requestId, { resolve, reject, timer });
      this.socket.send(toBinary(ClientMessageSchema, create(ClientMessageSchema, { requestId, body })));
    });
  }

  close(): void {
    this.lose(new ConnectionLost('closed by this client', 1000));
  }

  private attach(): void {
    this.socket.onmessage = (ev) => this.receive(ev.data);
    this.socket.onclose = (ev) => this.lose(new ConnectionLost('the connection was closed', ev.code));
    this.socket.onerror = () => this.lose(new ConnectionLost('the connection failed'));
  }

  private receive(data: unknown): void {
    const m = decode(data);
    if (!m) return this.lose(new ConnectionLost('the server sent an unreadable frame'));
    if (m.requestId === 0n) return this.onPush(m);
    const p = this.pending.get(m.requestId);
    if (!p) return; // a reply after its timeout: the connection is being dropped anyway
    this.pending.delete(m.requestId);
    clearTimeout(p.timer);
    if (m.body.case === 'error') p.reject(new ServerError(m.body.value.code, m.body.value.message));
    else p.resolve(m);
  }

  private lose(e: ConnectionLost): void {
    if (this.closedError) return;
    this.closedError = e;
    this.socket.onmessage = this.socket.onclose = this.socket.onerror = null;
    try {
      this.socket.close(1000);
    } catch {
      /* already closed */
    }
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(e);
    }
    this.pending.clear();
    this.onClose(e);
  }
}

function decode(data: unknown): ServerMessage | null {
  if (!(data instanceof ArrayBuffer)) return null; // text frames are not part of the protocol
  try {
    return fromBinary(ServerMessageSchema, new Uint8Array(data));
  } catch {
    return null;
  }
}

export { ErrorCode };
