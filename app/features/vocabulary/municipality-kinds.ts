export const MUNICIPALITY_KINDS = [
  "designated_city",
  "core_city",
  "city",
  "town_village",
  "special_ward",
  "prefecture",
] as const;
export type MunicipalityKind = (typeof MUNICIPALITY_KINDS)[number];

export const MUNICIPALITY_KIND_LABELS: Record<MunicipalityKind, string> = {
  designated_city: "政令指定都市",
  core_city: "中核市",
  city: "一般市",
  town_village: "町村",
  special_ward: "特別区",
  prefecture: "都道府県",
};
