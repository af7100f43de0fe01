// Routes the engine's log lines to the extension's LogOutputChannel.
import type * as vscode from 'vscode';
import type { Logger } from '../core';

export function engineLogger(channel: vscode.LogOutputChannel): Logger {
  return {
    debug: (m) => channel.debug(m),
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (m) => channel.error(m),
  };
}
