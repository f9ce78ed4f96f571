/** Every `{ type, id }` entity reference in a policy's JSON form (scope and conditions). */
export function entityReferences(node: unknown, out: { type: string; id: string }[] = []): { type: string; id: string }[] {
    if (Array.isArray(node)) {
        for (const child of node) entityReferences(child, out);
    } else if (node !== null && typeof node === "object") {
        const record = node as Record<string, unknown>;
        if (typeof record.type === "string" && typeof record.id === "string" && Object.keys(record).length === 2) {
            out.push({ type: record.type, id: record.id });
        } else {
            for (const child of Object.values(record)) entityReferences(child, out);
        }
    }
    return out;
}
