// @internal to ojt/ (matching and the application form).
// The eight regional blocks (地方区分) used to judge "nearby" for travel: a trainee who can
// travel to neighbouring prefectures is offered engagements in the same block.

export const REGIONS = [
  { key: "hokkaido", name: "北海道地方", prefectures: ["01"] },
  { key: "tohoku", name: "東北地方", prefectures: ["02", "03", "04", "05", "06", "07"] },
  { key: "kanto", name: "関東地方", prefectures: ["08", "09", "10", "11", "12", "13", "14"] },
  { key: "chubu", name: "中部地方", prefectures: ["15", "16", "17", "18", "19", "20", "21", "22", "23"] },
  { key: "kinki", name: "近畿地方", prefectures: ["24", "25", "26", "27", "28", "29", "30"] },
  { key: "chugoku", name: "中国地方", prefectures: ["31", "32", "33", "34", "35"] },
  { key: "shikoku", name: "四国地方", prefectures: ["36", "37", "38", "39"] },
  { key: "kyushu", name: "九州・沖縄地方", prefectures: ["40", "41", "42", "43", "44", "45", "46", "47"] },
] as const;

const REGION_BY_PREFECTURE = new Map<string, (typeof REGIONS)[number]>(
  REGIONS.flatMap((r) => r.prefectures.map((p) => [p, r] as const)),
);

export function regionOf(prefectureCode: string) {
  return REGION_BY_PREFECTURE.get(prefectureCode) ?? null;
}
