import pino, { type Logger } from 'pino';

/** Structured JSON logs. Secrets and personal data are redacted by path wherever they may appear. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          '*.sessionKey',
          '*.session_key',
          '*.idNumber',
          '*.phone',
          '*.token',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export type { Logger };
