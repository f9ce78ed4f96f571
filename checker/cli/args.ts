import { EngineMode } from "../engine/types";
import { CheckFailure } from "./errors";

export type OutputFormat = "text" | "json" | "sarif";

export interface CheckCommand {
    command: "check";
    programDir: string;
    /** Undefined when `--stack` was not given (the default stack, whose file may be absent). */
    stack?: string;
    /** `--allow-missing-stack-config`: a `--stack` without its Pulumi.<stack>.yaml runs with the project's defaults. */
    allowMissingStackConfig: boolean;
    mode: EngineMode;
    format: OutputFormat;
    policyPackDir?: string;
    policyConfigFile?: string;
    /** `--config key=value`, as `pulumi config set` would (bare keys are the project's). */
    config: Record<string, string>;
    /** Every program to check, in order (`<dir>[:<stack>]`); more than one is a stack set (checker/cli/stackSet.ts). */
    programs: ProgramTarget[];
    /** `--stack-outputs <file.json>`: outputs of stacks the programs reference (checker/cli/stackOutputsFile.ts). */
    stackOutputsFile?: string;
}

/**
 * One program of the command line: its directory and its stack (`--stack` unless `<dir>:<stack>`);
 * undefined when neither names one (the default stack, whose file may be absent).
 */
export interface ProgramTarget {
    dir: string;
    stack?: string;
}

export type Command = CheckCommand | { command: "help" } | { command: "version" };

export const DEFAULT_STACK = "dev";

export const USAGE = `Usage: agentcore-hub check <program-dir>[:<stack>]... [options]

Runs a Pulumi program offline under Pulumi's mock engine (no AWS credentials, no Pulumi CLI),
checks it with the pulumi-agentcore-hub policy pack over the Analyzer protocol, and reports
violations, checks deferred to \`pulumi up\`, and who can reach what.

Options:
  --stack <name>            stack whose Pulumi.<name>.yaml config is read (default: ${DEFAULT_STACK});
                            a --stack without its file is refused
  --allow-missing-stack-config
                            check a --stack that has no Pulumi.<name>.yaml with the
                            project's config defaults only
                            <dir>:<stack> sets it for one program
  --stack-outputs <file>    outputs of stacks the programs read through StackReferences:
                            {"org/project/stack": {"<output>": <value>}}; several programs are
                            checked in order, and each one's outputs (as after its \`pulumi up\`)
                            feed the StackReferences of the programs after it
  --mode preview|update     preview: a first \`pulumi preview\`, ids unknown (default);
                            update: as at \`pulumi up\`, with synthesized ids and outputs
  --policy-pack <dir>       policy pack to run (default: this package's compiled pack)
  --policy-config <file>    policy config JSON, as \`pulumi preview --policy-pack-config\`
  --config <key>=<value>    set a stack config value (repeatable; e.g. secrets)
  --format text|json|sarif  report format on stdout (default: text)
  -h, --help                show this help
  -v, --version             show the version

Exit codes: 0 no mandatory violation, 1 mandatory violations, 2 the program or the pack
failed to run, or bad usage.`;

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
    if ((allowed as readonly string[]).includes(value)) return value as T;
    throw new CheckFailure("usage", `${flag} must be one of ${allowed.join(", ")}, not "${value}"`);
}

/** Parses `agentcore-hub` arguments (after `node bin/agentcore-hub.js`). */
export function parseArgs(argv: readonly string[]): Command {
    if (argv.length === 0) throw new CheckFailure("usage", "no command given");
    if (argv.some((a) => a === "-h" || a === "--help") || argv[0] === "help") return { command: "help" };
    if (argv[0] === "-v" || argv[0] === "--version" || argv[0] === "version") return { command: "version" };
    if (argv[0] !== "check") throw new CheckFailure("usage", `unknown command "${argv[0]}"`);
    const positional: string[] = [];
    const result: Omit<CheckCommand, "programDir" | "programs"> = { command: "check", allowMissingStackConfig: false, mode: "preview", format: "text", config: {} };
    for (let i = 1; i < argv.length; i++) {
        const arg = argv[i];
        if (!arg.startsWith("--")) {
            positional.push(arg);
            continue;
        }
        if (arg === "--allow-missing-stack-config") {
            result.allowMissingStackConfig = true;
            continue;
        }
        const eq = arg.indexOf("=");
        const flag = eq > 0 ? arg.slice(0, eq) : arg;
        const value = (): string => {
            if (eq > 0) return arg.slice(eq + 1);
            const next = argv[++i];
            if (next === undefined || next.startsWith("--")) throw new CheckFailure("usage", `${flag} needs a value`);
            return next;
        };
        switch (flag) {
            case "--stack":
                result.stack = value();
                break;
            case "--mode":
                result.mode = oneOf(flag, value(), ["preview", "update"] as const);
                break;
            case "--format":
                result.format = oneOf(flag, value(), ["text", "json", "sarif"] as const);
                break;
            case "--policy-pack":
                result.policyPackDir = value();
                break;
            case "--policy-config":
                result.policyConfigFile = value();
                break;
            case "--stack-outputs":
                result.stackOutputsFile = value();
                break;
            case "--config": {
                const pair = value();
                const cut = pair.indexOf("=");
                if (cut <= 0) throw new CheckFailure("usage", `--config expects key=value, not "${pair}"`);
                result.config[pair.slice(0, cut)] = pair.slice(cut + 1);
                break;
            }
            default:
                throw new CheckFailure("usage", `unknown option ${flag}`);
        }
    }
    if (positional.length === 0) throw new CheckFailure("usage", "check needs a program directory");
    const programs = positional.map((p) => programTarget(p, result.stack));
    return { ...result, programDir: programs[0].dir, stack: programs[0].stack, programs };
}

/**
 * `<dir>:<stack>`, split at the last colon when what follows is a stack name (letters, digits,
 * `-`, `_`, `.`, as Pulumi allows) and what precedes is more than a drive letter.
 */
export function programTarget(arg: string, defaultStack: string | undefined): ProgramTarget {
    const match = /^(.+):([A-Za-z0-9_.-]+)$/.exec(arg);
    if (match === null || match[1].length === 1) return { dir: arg, stack: defaultStack };
    return { dir: match[1], stack: match[2] };
}
