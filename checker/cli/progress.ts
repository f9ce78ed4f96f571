/** What a check reports while it works: a phase name, or done. */
export interface Progress {
    phase(text: string): void;
    stop(): void;
}

export const silentProgress: Progress = { phase: () => undefined, stop: () => undefined };

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/**
 * A one-line spinner on stderr, only when stderr is a terminal: redirected output, CI logs and
 * `--format json|sarif` on stdout never see it.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
    if (!stream.isTTY) return silentProgress;
    const started = Date.now();
    let text = "";
    let frame = 0;
    const draw = () => {
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        stream.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${text} (${seconds} s)`);
    };
    const timer = setInterval(draw, 80);
    // The spinner must never keep a finished check alive.
    timer.unref();
    return {
        phase(next: string) {
            text = next;
            draw();
        },
        stop() {
            clearInterval(timer);
            stream.write("\r\x1b[2K");
        },
    };
}
