// WeChat's documented return codes that decide what a caller does next. Sources (WeChat's own pages):
// - 全局返回码 (global return codes): https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html
// - 生成带参数的二维码: https://developers.weixin.qq.com/doc/service/api/qrcode/qrcodes/api_createqrcode.html
// - 客服消息 (windows and counts): https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Customer_Service_Messages.html
// - 模板消息: https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
// - 网页授权: https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
// - 查询openAPI调用quota / 重置API调用次数: https://developers.weixin.qq.com/doc/service/openApi/clear_quota.html
export const WeChatErrcode = {
  /** system busy; try again later. */
  SYSTEM_BUSY: -1,
  INVALID_CREDENTIAL: 40001,
  INVALID_OPENID: 40003,
  INVALID_APPID: 40013,
  /** Web authorization: the code is unknown, expired (5 minutes) or another appid's. */
  INVALID_CODE: 40029,
  INVALID_TEMPLATE_ID: 40037,
  /** Web authorization: the code was already exchanged (a code is good once). */
  CODE_USED: 40163,
  INVALID_ARGS: 40097,
  /** `invalid ip …, not in whitelist`: the caller's IP is not in the account's IP allowlist (IP白名单). */
  IP_NOT_ALLOWED: 40164,
  ACCESS_TOKEN_EXPIRED: 42001,
  /** `require subscribe`: template messages reach only followers. */
  REQUIRE_SUBSCRIBE: 43004,
  /** `reach max api daily quota limit`: the API's daily quota is spent (until midnight Beijing time, or clear_quota). */
  DAILY_QUOTA: 45009,
  /** Customer-service message outside the user's window, or the user unfollowed. */
  OUT_OF_WINDOW: 45015,
  /** Customer-service message: the window's count is used up. */
  OUT_OF_RESPONSE_COUNT: 45047,
  /** `api unauthorized`: the account type lacks this API (e.g. parametric QRs on a subscription account). */
  API_UNAUTHORIZED: 48001,
  /** The account's ten monthly clear_quota uses are spent. */
  CLEAR_QUOTA_LIMIT: 48006,
  /** openapi/quota/get: the cgi_path is unknown. */
  CGI_PATH_NOT_FOUND: 76021,
} as const;
