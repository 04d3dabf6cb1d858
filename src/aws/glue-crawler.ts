import { type GlueClient, StartCrawlerCommand } from '@aws-sdk/client-glue'

/** The slice of the Glue client the crawler control needs. */
export type GlueSend = Pick<GlueClient, 'send'>

/**
 * The deployed Glue crawler, seen from the transform function: it starts a crawl, and says when
 * one is running already (which may have listed the folders before the new ones appeared).
 *
 * @example
 * const crawler = new GlueCrawler(new GlueClient({}), 'tunelake-crawler')
 * await crawler.start() // 'started' or 'running'
 */
export class GlueCrawler {
  constructor(
    private readonly client: GlueSend,
    readonly name: string,
  ) {}

  /** Starts a crawl; `running` when one is under way already (it may have listed the folders before ours appeared). */
  async start(): Promise<'started' | 'running'> {
    try {
      await this.client.send(new StartCrawlerCommand({ Name: this.name }))
      return 'started'
    } catch (error) {
      if ((error as { name?: string }).name === 'CrawlerRunningException') return 'running'
      throw error
    }
  }
}
