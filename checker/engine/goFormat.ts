/**
 * Go's `fmt` renderings of decoded JSON values (`%v`, `%q`), so that the checker's messages
 * read exactly as the Pulumi CLI's, which formats values it decoded with `encoding/json`
 * (numbers are float64, objects `map[string]any`, arrays `[]any`).
 */

/** `%v` of a float64 (`strconv.FormatFloat(f, 'g', -1, 64)`): shortest digits, `%e` form when exp < -4 or exp >= 6. */
export function goFloat(value: number): string {
    if (!Number.isFinite(value)) return value > 0 ? "+Inf" : value < 0 ? "-Inf" : "NaN";
    if (value === 0) return Object.is(value, -0) ? "-0" : "0";
    const [mantissa, exponentText] = value.toExponential().split("e");
    const exponent = Number(exponentText);
    // Go's strconv 'g' with the shortest precision takes 6 as the precision for this choice (1e6 prints as 1e+06).
    if (exponent < -4 || exponent >= 6) {
        const sign = exponent < 0 ? "-" : "+";
        const digits = String(Math.abs(exponent)).padStart(2, "0");
        return `${mantissa}e${sign}${digits}`;
    }
    return String(value);
}

/** `fmt.Sprintf("%v", v)` of a value decoded by `encoding/json` into `any`. */
export function goValue(value: unknown): string {
    if (value === null || value === undefined) return "<nil>";
    if (typeof value === "number") return goFloat(value);
    if (typeof value === "string") return value;
    if (typeof value === "boolean") return String(value);
    if (Array.isArray(value)) return `[${value.map(goValue).join(" ")}]`;
    if (typeof value === "object") {
        // fmt prints maps sorted by key.
        const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `map[${entries.map(([k, v]) => `${k}:${goValue(v)}`).join(" ")}]`;
    }
    return String(value);
}

/** `fmt.Sprintf("%q", s)`: a double-quoted Go string literal (JSON's escaping agrees for the text a config holds). */
export function goQuote(text: string): string {
    return JSON.stringify(text);
}
