// The few workerd globals the internal worker uses that the DOM's types lack.
// https://developers.cloudflare.com/workers/runtime-apis/websockets/
declare class WebSocketPair {
  0: WebSocket & { accept(): void }
  1: WebSocket & { accept(): void }
}
interface SubtleCrypto {
  timingSafeEqual(a: ArrayBufferView | ArrayBuffer, b: ArrayBufferView | ArrayBuffer): boolean
}
interface ResponseInit {
  webSocket?: WebSocket
}
