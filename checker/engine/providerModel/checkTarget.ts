/** The registration a provider's Check runs for: the type picks the schema, URN and name seed auto-names. */
export interface CheckTarget {
    type: string;
    /** The resource's logical name (the URN's last segment). */
    name: string;
    urn: string;
}
