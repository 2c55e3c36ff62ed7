// The import rules of the tree (`npm run deps`, part of `npm test`). The domain depends one way:
// lib/inbox (the WeChat message router) → lib/scan (QR scenes, dispatch by purpose) →
// lib/binding, lib/auth, lib/verify, lib/host, lib/events (the purposes' flows) → lib/scene (the lifecycle) → lib/db.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular-at-runtime',
      severity: 'error',
      comment: 'A cycle of value imports makes module order matter.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-circular-in-the-domain',
      severity: 'error',
      comment: 'In the domain even a type-only cycle hides a layering mistake.',
      from: { path: '^lib/(inbox|scan|binding|auth|verify|host|events|scene)/' },
      to: { circular: true },
    },
    {
      name: 'scene-is-the-bottom-of-the-domain',
      severity: 'error',
      from: { path: '^lib/scene/' },
      to: { path: '^lib/(inbox|scan|binding|auth|verify|host|events|oidc|admin|apikeys|webhooks)/' },
    },
    {
      name: 'nothing-imports-the-inbox',
      severity: 'error',
      comment: 'Only transports (server/, app/) call the message router.',
      from: { path: '^lib/' },
      to: { path: '^lib/inbox/' },
    },
    {
      name: 'flows-do-not-import-the-dispatcher',
      severity: 'error',
      comment: 'lib/scan dispatches to the purposes; they never call back up.',
      from: { path: '^lib/(binding|auth|verify|host|events)/' },
      to: { path: '^lib/scan/' },
    },
    {
      name: 'verify-is-not-imported-by-auth-or-binding',
      severity: 'error',
      from: { path: '^lib/(binding|auth)/' },
      to: { path: '^lib/verify/' },
    },
    {
      name: 'binding-is-below-auth',
      severity: 'error',
      from: { path: '^lib/binding/' },
      to: { path: '^lib/auth/' },
    },
    {
      name: 'db-is-below-the-domain',
      severity: 'error',
      comment: "The repositories know the scene lifecycle's types and nothing else of ours.",
      from: { path: '^lib/db/' },
      to: { path: '^lib/', pathNot: '^lib/(db/|scene/status\\.ts$|i18n/)' },
    },
    {
      name: 'wechat-stands-alone',
      severity: 'error',
      from: { path: '^lib/wechat/' },
      to: { path: '^(lib|app|server)/', pathNot: '^lib/wechat/' },
    },
    {
      name: 'simulator-uses-only-wechat',
      severity: 'error',
      from: { path: '^lib/simulator/' },
      to: { path: '^(lib|app|server)/', pathNot: '^lib/(wechat|simulator)/' },
    },
    {
      name: 'only-transports-call-services',
      severity: 'error',
      comment:
        'A domain verb is handed its ctx; only transports (app/, server/ and the HTTP helpers of lib/http) call services().',
      from: { path: '^lib/', pathNot: '^lib/(http/|services\\.ts$)' },
      to: { path: '^lib/services\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'lib-never-imports-a-transport',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^(app|server)/' },
    },
    { name: 'not-to-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|\\.next|drizzle|data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
  },
};
