// Loaded by .mocharc before any test: quiet loggers (platform's createLogger is silent under test).
process.env.NODE_ENV ??= "test";
