import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * Service configuration, read once from the environment and validated before anything starts.
 * A missing or invalid setting stops the process with a message naming the variable.
 */
const pem = z
  .string()
  .min(1)
  .transform((value, ctx) => {
    // Accept the PEM itself (with literal "\n" escapes, as env files hold it) or a path to it.
    const text = value.includes('-----BEGIN') ? value.replace(/\\n/g, '\n') : readPem(value);
    if (!text) ctx.addIssue({ code: 'custom', message: 'must be a PEM text or a readable PEM file path' });
    return text ?? '';
  });

function readPem(path: string): string | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    return text.includes('-----BEGIN') ? text : undefined;
  } catch {
    return undefined;
  }
}

const base64Key32 = z.string().refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64');

const envSchema = z
  .object({
    NODE_ENV: z.enum(['production', 'development', 'test']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI'),
    MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]{1,38}$/).default('passbook'),
    // How long a request waits for an unreachable database before answering 503 (a replica-set election takes a few seconds).
    MONGODB_SERVER_SELECTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_000_000),
    IMPORT_BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(20_000_000),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(300),
    SESSION_TTL_HOURS: z.coerce.number().int().positive().default(24 * 7),
    // How many proxies (load balancer, CDN) append to X-Forwarded-For in front of the service; 0: none, the socket address is the client.
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    PUBLIC_DIR: z.string().optional(),
    JOBS_ENABLED: z.enum(['0', '1']).default('1'),
    JOB_POLL_MS: z.coerce.number().int().positive().default(1000),
    // Field encryption: "keyId:base64,keyId:base64"; the first is used to encrypt, all decrypt.
    DATA_KEYS: z.string().min(1),
    LOOKUP_HMAC_KEY: base64Key32,
    WECHAT_APPID: z.string().min(1),
    WECHAT_SECRET: z.string().min(1),
    WECHAT_API_BASE_URL: z.url().default('https://api.weixin.qq.com'),
    WECHAT_PAY_BASE_URL: z.url().default('https://api.mch.weixin.qq.com'),
    WECHAT_PAY_MCHID: z.string().min(1),
    WECHAT_PAY_MERCHANT_SERIAL: z.string().min(1),
    WECHAT_PAY_MERCHANT_PRIVATE_KEY: pem,
    WECHAT_PAY_APIV3_KEY: z.string().length(32),
    WECHAT_PAY_PUBLIC_KEY_ID: z.string().startsWith('PUB_KEY_ID_'),
    WECHAT_PAY_PUBLIC_KEY: pem,
    WECHAT_PAY_NOTIFY_URL: z.url(),
    // Identity: binding attempts per account before binding locks, and for how long (shared by all instances).
    BINDING_ATTEMPTS_MAX: z.coerce.number().int().positive().default(5),
    BINDING_LOCK_MINUTES: z.coerce.number().int().positive().default(30),
    BINDING_CODE_TTL_HOURS: z.coerce.number().int().positive().default(72),
    INVITATION_TTL_HOURS: z.coerce.number().int().positive().default(24),
    WECHAT_TEMPLATE_PROXY_ACTION: z.string().min(1).default('TPL_PROXY_ACTION'),
    // Follow-ups: subscribe-message templates for booking and due-item reminders; how close to a
    // booking residents may still cancel or reschedule in the app.
    WECHAT_TEMPLATE_BOOKING_REMINDER: z.string().min(1).default('TPL_BOOKING_REMINDER'),
    WECHAT_TEMPLATE_DUE_REMINDER: z.string().min(1).default('TPL_DUE_REMINDER'),
    BOOKING_CANCEL_CUTOFF_HOURS: z.coerce.number().min(0).max(168).default(2),
    // Medication: the daily dose reminder's template, and the Shanghai hours in which no reminder is
    // pushed to WeChat (the in-app reminder is still written). `HH:MM-HH:MM`, may wrap midnight.
    WECHAT_TEMPLATE_MEDICATION_REMINDER: z.string().min(1).default('TPL_MEDICATION_REMINDER'),
    REMINDER_QUIET_HOURS: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM-HH:MM, e.g. 22:00-07:00')
      .default('22:00-07:00'),
    // The family care loop: subscribe-message templates for an urgent reading (to authorised
    // relatives) and the weekly summary (to the resident and, with their consent, the family).
    WECHAT_TEMPLATE_URGENT_READING: z.string().min(1).default('TPL_URGENT_READING'),
    WECHAT_TEMPLATE_WEEKLY_SUMMARY: z.string().min(1).default('TPL_WEEKLY_SUMMARY'),
    // Development stand-ins: the H5 build and tests log in and pay through the local simulators.
    SIMULATORS: z.enum(['0', '1']).default('0'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    if (env.SIMULATORS === '1') {
      ctx.addIssue({ code: 'custom', path: ['SIMULATORS'], message: 'simulators cannot be enabled in production' });
    }
    for (const key of ['WECHAT_API_BASE_URL', 'WECHAT_PAY_BASE_URL', 'WECHAT_PAY_NOTIFY_URL'] as const) {
      if (!env[key].startsWith('https://')) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'must be https:// in production' });
      }
    }
  });

export type ServiceConfig = ReturnType<typeof loadConfig>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const e = parsed.data;
  const dataKeys = parseDataKeys(e.DATA_KEYS);
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    mongodbUri: e.MONGODB_URI,
    mongodbDb: e.MONGODB_DB,
    mongodbServerSelectionTimeoutMs: e.MONGODB_SERVER_SELECTION_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    importBodyLimitBytes: e.IMPORT_BODY_LIMIT_BYTES,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    trustProxyHops: e.TRUST_PROXY_HOPS,
    publicDir: e.PUBLIC_DIR,
    jobsEnabled: e.JOBS_ENABLED === '1',
    jobPollMs: e.JOB_POLL_MS,
    simulatorsEnabled: e.SIMULATORS === '1',
    crypto: { dataKeys, lookupHmacKey: Buffer.from(e.LOOKUP_HMAC_KEY, 'base64') },
    identity: {
      bindingAttemptsMax: e.BINDING_ATTEMPTS_MAX,
      bindingLockMs: e.BINDING_LOCK_MINUTES * 60_000,
      bindingCodeTtlMs: e.BINDING_CODE_TTL_HOURS * 3_600_000,
      invitationTtlMs: e.INVITATION_TTL_HOURS * 3_600_000,
      proxyActionTemplateId: e.WECHAT_TEMPLATE_PROXY_ACTION,
    },
    followups: {
      bookingReminderTemplateId: e.WECHAT_TEMPLATE_BOOKING_REMINDER,
      dueReminderTemplateId: e.WECHAT_TEMPLATE_DUE_REMINDER,
      cancelCutoffMs: e.BOOKING_CANCEL_CUTOFF_HOURS * 3_600_000,
    },
    medication: {
      reminderTemplateId: e.WECHAT_TEMPLATE_MEDICATION_REMINDER,
      quietHours: { from: e.REMINDER_QUIET_HOURS.slice(0, 5), to: e.REMINDER_QUIET_HOURS.slice(6) },
    },
    care: {
      urgentReadingTemplateId: e.WECHAT_TEMPLATE_URGENT_READING,
      weeklySummaryTemplateId: e.WECHAT_TEMPLATE_WEEKLY_SUMMARY,
    },
    wechat: { appId: e.WECHAT_APPID, secret: e.WECHAT_SECRET, apiBaseUrl: e.WECHAT_API_BASE_URL },
    wechatPay: {
      baseUrl: e.WECHAT_PAY_BASE_URL,
      mchId: e.WECHAT_PAY_MCHID,
      merchantSerial: e.WECHAT_PAY_MERCHANT_SERIAL,
      merchantPrivateKeyPem: e.WECHAT_PAY_MERCHANT_PRIVATE_KEY,
      apiV3Key: e.WECHAT_PAY_APIV3_KEY,
      publicKeyId: e.WECHAT_PAY_PUBLIC_KEY_ID,
      publicKeyPem: e.WECHAT_PAY_PUBLIC_KEY,
      notifyUrl: e.WECHAT_PAY_NOTIFY_URL,
    },
  };
}

function parseDataKeys(value: string): { activeKeyId: string; keys: Map<string, Buffer> } {
  const keys = new Map<string, Buffer>();
  const problems: string[] = [];
  for (const part of value.split(',')) {
    const [id, material] = part.split(':');
    const key = material ? Buffer.from(material, 'base64') : Buffer.alloc(0);
    if (!id || !/^[A-Za-z0-9_-]{1,16}$/.test(id) || key.length !== 32) {
      problems.push(`DATA_KEYS: entry "${id ?? ''}" must be keyId:<32 bytes base64>`);
    } else keys.set(id, key);
  }
  const activeKeyId = value.split(':')[0] ?? '';
  if (problems.length > 0 || !keys.has(activeKeyId)) throw new ConfigError(problems.length ? problems : ['DATA_KEYS: empty']);
  return { activeKeyId, keys };
}
