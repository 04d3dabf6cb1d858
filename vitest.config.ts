import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // s3rver signs its ListObjectsV2 continuation tokens with DES, which Node's OpenSSL 3 serves
    // only from its legacy provider: without it a listing of more than 1,000 keys is a 500.
    execArgv: ['--openssl-legacy-provider'],
  },
})
