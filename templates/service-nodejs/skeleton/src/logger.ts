export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, unknown>;

export type Logger = {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
};

const severity: Record<LogLevel, number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
};

export function isLogLevel(value: string | undefined): value is LogLevel {
  return value !== undefined && value in severity;
}

/**
 * One JSON object per line on stdout, the shape the platform's log pipeline
 * indexes: `time`, `level`, `msg`, then the bound and per-call fields.
 */
export function createLogger(options: {
  level?: LogLevel;
  fields?: LogFields;
  write?: (line: string) => void;
}): Logger {
  const threshold = severity[options.level ?? 'info'];
  const bound = options.fields ?? {};
  const write =
    options.write ?? ((line: string) => process.stdout.write(`${line}\n`));

  const log = (level: LogLevel, message: string, fields: LogFields = {}) => {
    if (severity[level] < threshold) {
      return;
    }
    write(
      JSON.stringify({
        time: new Date().toISOString(),
        level,
        msg: message,
        ...bound,
        ...serializeErrors(fields),
      }),
    );
  };

  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
    child: fields =>
      createLogger({ ...options, fields: { ...bound, ...fields } }),
  };
}

// Error objects stringify to {}; keep what helps when reading the logs.
function serializeErrors(fields: LogFields): LogFields {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [
      key,
      value instanceof Error
        ? { name: value.name, message: value.message, stack: value.stack }
        : value,
    ]),
  );
}
