import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { AwsSecretUnavailableError } from './errors.js'
import { SecretsManagerHttp, secretsManagerSettings } from './secrets-manager-http.js'

let server: Server | undefined
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())))

/** A server that answers every call with one status and JSON body, and records what it got. */
async function answering(status: number, body: unknown) {
  const seen: { target: string; authorization: string; body: string }[] = []
  server = createServer((request, response) => {
    let text = ''
    request.on('data', (chunk: Buffer) => (text += chunk.toString()))
    request.on('end', () => {
      seen.push({
        target: String(request.headers['x-amz-target']),
        authorization: String(request.headers.authorization),
        body: text,
      })
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' })
      response.end(JSON.stringify(body))
    })
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  const endpoint = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`
  const settings = secretsManagerSettings({
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    AWS_SESSION_TOKEN: 'session-token',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
  })
  return { api: new SecretsManagerHttp(settings), seen }
}

describe('Secrets Manager over its JSON protocol', () => {
  it('sends signed JSON 1.1 calls and returns the answer', async () => {
    const { api, seen } = await answering(200, {
      ARN: 'arn:s',
      SecretString: '{"client_id":"x"}',
      VersionId: 'v1',
    })
    expect(await api.getSecretValue({ SecretId: 'arn:s' })).toMatchObject({
      SecretString: '{"client_id":"x"}',
    })
    expect(seen[0]).toMatchObject({ target: 'secretsmanager.GetSecretValue', body: '{"SecretId":"arn:s"}' })
    expect(seen[0]!.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/secretsmanager\/aws4_request, SignedHeaders=.*x-amz-security-token.*x-amz-target, Signature=[0-9a-f]{64}$/,
    )
  })

  it('turns refusals into one line, retryable only when trying again can help', async () => {
    const denied = await answering(400, {
      __type: 'AccessDeniedException',
      message:
        'User: arn:aws:sts::1:assumed-role/x is not authorized to perform: secretsmanager:PutSecretValue',
    })
    const error = await denied.api
      .putSecretValue({ SecretId: 'arn:s', SecretString: 'top-secret-value' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AwsSecretUnavailableError)
    expect(error).toMatchObject({ retryable: false })
    expect((error as Error).message).toMatch(
      /refused PutSecretValue on arn:s: AccessDeniedException .*redeploy the stack$/,
    )
    expect((error as Error).message).not.toContain('top-secret-value')
    server!.close()
    const throttled = await answering(400, {
      __type: 'com.amazonaws.secretsmanager#ThrottlingException',
      message: 'Rate exceeded',
    })
    await expect(throttled.api.getSecretValue({ SecretId: 'arn:s' })).rejects.toMatchObject({
      retryable: true,
    })
  })

  it('says when it cannot reach the service, and that a retry may help', async () => {
    const { api } = await answering(200, {})
    await new Promise<void>((resolve) => server!.close(() => resolve()))
    server = undefined
    await expect(api.getSecretValue({ SecretId: 'arn:s' })).rejects.toMatchObject({
      retryable: true,
      message: expect.stringMatching(
        /^cannot reach Secrets Manager at http:\/\/127\.0\.0\.1:\d+ .* for arn:s$/,
      ),
    })
  })

  it('needs a region and credentials from the environment', () => {
    expect(() => secretsManagerSettings({})).toThrow(/no AWS region or credentials in the environment/)
  })
})
