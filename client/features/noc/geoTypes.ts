// Minimal GeoJSON types for the basemap (avoids a @types/geojson dependency).
export type Position = [number, number] | number[];
export type Geometry =
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };
export interface Feature<P> { type: 'Feature'; geometry: Geometry; properties: P }
export interface FeatureCollection<P> { type: 'FeatureCollection'; features: Feature<P>[] }
