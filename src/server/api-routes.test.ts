import { describe, expect, it } from 'vitest'
import { InsightInputError, InsightUnknownError } from '../insights/insights.js'
import { LakeAccessDeniedError, LakeUnavailableError } from '../lake/errors.js'
import { QueryRefusedError, QueryTimeoutError } from '../query/errors.js'
import { errorStatus } from './api-routes.js'
import { ServerBindRefusedError } from './errors.js'

describe('the status of an API error', () => {
  it('is exact for the errors the page tells apart', () => {
    expect(errorStatus(new QueryRefusedError('only SELECT'))).toEqual({ status: 403, kind: 'refused' })
    expect(errorStatus(new QueryTimeoutError('over 30 s'))).toEqual({ status: 408, kind: 'timeout' })
    expect(errorStatus(new InsightUnknownError('unknown insight x'))).toEqual({
      status: 404,
      kind: 'unknown-insight',
    })
    expect(errorStatus(new InsightInputError('insight x: from is not a date'))).toEqual({
      status: 400,
      kind: 'params',
    })
  })

  it('follows the error’s kind for the rest: bad input 400, terminal 422, transient 503, unexpected 500', () => {
    expect(errorStatus(new ServerBindRefusedError('no token'))).toEqual({ status: 400, kind: 'request' })
    expect(errorStatus(new LakeAccessDeniedError('S3 denied access'))).toEqual({
      status: 422,
      kind: 'failed',
    })
    expect(errorStatus(new LakeUnavailableError('cannot reach S3'))).toEqual({
      status: 503,
      kind: 'try-again',
    })
    expect(errorStatus(new RangeError('Invalid array length'))).toEqual({ status: 500, kind: 'internal' })
  })
})
