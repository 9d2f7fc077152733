/**
 * What the generated typed client (generated/client/) needs from the runtime: one way to call an API
 * by name. `CloudStackClient` implements it; the generated methods only add names and types.
 */

export interface JobProgress {
  jobId: string;
  /** Milliseconds since the job was queued by this client. */
  elapsedMs: number;
  /** CloudStack's `jobprocstatus` (usually 0). */
  procStatus: number;
  /** How many times the job has been polled so far (strictly increasing). */
  polls: number;
}

export interface CallOptions {
  /** Abort the HTTP request or stop polling the job (the job itself keeps running on the server). */
  signal?: AbortSignal;
  /** For async APIs: wait for the job (default true); false returns `{jobid, id?}` at once. */
  waitForJob?: boolean;
  /** Overall limit for waiting on an async job, in milliseconds. */
  jobTimeoutMs?: number;
  /** Called after each poll of an async job. */
  onProgress?: (progress: JobProgress) => void;
  /** Force the HTTP method; by default POST is used for requests carrying secrets or long requests. */
  method?: 'GET' | 'POST';
}

export interface ApiCaller {
  /**
   * Calls a CloudStack API with tool-style arguments (JSON values, encoded per the model) and returns
   * what is inside the response envelope: for async APIs (when waited for) the job's result object.
   */
  callApi(apiName: string, args: Record<string, unknown>, options?: CallOptions): Promise<unknown>;
}
