/**
 * The extension's output channel, created when it first has something to say. Creating an output
 * channel is one of the costlier calls of a cold extension host (it sets up the channel's log file), and
 * on most starts nothing needs saying: a clinic without packs never sees an empty "Clinical Notes" channel.
 */
import * as vscode from 'vscode';

/** What the features use of an output channel. */
export interface Output {
  appendLine(value: string): void;
  show(preserveFocus?: boolean): void;
}

export class LazyOutputChannel implements Output, vscode.Disposable {
  private channel: vscode.OutputChannel | undefined;
  private disposed = false;

  constructor(private readonly name: string) {}

  private get(): vscode.OutputChannel | undefined {
    if (!this.channel && !this.disposed) this.channel = vscode.window.createOutputChannel(this.name);
    return this.channel;
  }

  appendLine(value: string): void {
    this.get()?.appendLine(value);
  }

  show(preserveFocus?: boolean): void {
    this.get()?.show(preserveFocus);
  }

  dispose(): void {
    this.disposed = true;
    this.channel?.dispose();
  }
}
