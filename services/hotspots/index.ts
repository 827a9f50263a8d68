export { areaKinds, postcodeArea, type AreaKind } from './postcode-area';
export { hotspotCounts, type HotspotCount } from './hotspot-counts';
export { categoryKey, hotspotTable, type HotspotTable } from './hotspot-figures';
export { hotspotCsv } from './hotspot-csv';
export { chartColours, describeHotspots, hotspotChartSvg } from './hotspot-chart';
