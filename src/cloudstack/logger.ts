/**
 * The client's logging seam. The MCP server runs over stdio, so nothing may go to stdout: the
 * default writes warnings to stderr and drops debug lines. Messages never carry credentials.
 */
export interface CloudStackLogger {
  warn(message: string): void;
  debug?(message: string): void;
}

export const stderrLogger: CloudStackLogger = {
  warn(message) {
    process.stderr.write(`cloudstack-mcp: warning: ${message}\n`);
  },
};
