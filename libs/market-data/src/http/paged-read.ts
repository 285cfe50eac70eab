import { ProviderUnavailableError } from '@app/ohlc-core';
import { PageExpiredError } from './upstream-http-client';

/** Times a paged fetch asks again from where it got to after a page link expired. */
const MAX_PAGE_RESUMES = 2;

/** What one page of a paged answer holds. */
export interface Page<T> {
  readonly rows: readonly T[];
  /** The next page; absent on the last one. */
  readonly next?: URL;
}

/** How `getPages` reads pages and recovers from an expired link. */
export interface PagedRead<T> {
  /** The rows and next link of one page: its body, and the URL that answered it. */
  readonly read: (body: unknown, url: URL) => Page<T>;
  /**
   * The first page of what is left once `rows` are in hand, for when a page
   * link expired; without it the expiry is a failure.
   */
  readonly resume?: (rows: readonly T[]) => URL;
}

/**
 * The rows of every page from `first` on, in order, each page asked with
 * `get` (`continuation`: a page a link pointed to). A page link that expired
 * (`PageExpiredError`) is followed by a fresh first page of what is left
 * (`resume`), at most `MAX_PAGE_RESUMES` times; a link back to a page
 * already read is a failure, which would otherwise loop until the budget ran out.
 */
export async function readPages<T>(
  provider: string,
  get: (url: URL, continuation: boolean) => Promise<unknown>,
  first: URL,
  { read, resume }: PagedRead<T>,
): Promise<T[]> {
  const rows: T[] = [];
  const followed = new Set<string>();
  let url: URL | undefined = first;
  let continuation = false;
  for (let resumes = 0; url !== undefined;) {
    if (continuation && followed.has(url.href)) {
      throw new ProviderUnavailableError(provider, `${url.pathname} linked back to a page`);
    }
    followed.add(url.href);
    let body: unknown;
    try {
      body = await get(url, continuation);
    } catch (error) {
      if (!(error instanceof PageExpiredError && resume && resumes < MAX_PAGE_RESUMES)) {
        throw error;
      }
      resumes++;
      url = resume(rows);
      continuation = false;
      continue;
    }
    const page = read(body, url);
    rows.push(...page.rows);
    url = page.next;
    continuation = true;
  }
  return rows;
}
