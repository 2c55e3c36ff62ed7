// The WeChat Official Account protocol: signatures, message crypto, XML, events, replies, the webhook
// handler, the API client and the access-token provider. Imports nothing from the rest of the app.
export * from './errors';
export * from './errcodes';
export * from './signature';
export * from './crypto';
export * from './xml';
export * from './events';
export * from './replies';
export * from './push';
export * from './webhook';
export * from './memory-stores';
export * from './access-token';
export * from './api-client';
export type { ApiCallObserver, ApiCallReport, FetchLike } from './http';
