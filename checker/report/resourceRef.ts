/** A resource as reports name it (its own file: the access summary's types and the report's both use it). */
export interface ResourceRef {
    urn: string;
    name: string;
    type: string;
}
