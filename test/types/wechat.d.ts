// node-webot's wechat middleware ships no types; the relay test uses it as an opaque Connect middleware.
declare module 'wechat';
