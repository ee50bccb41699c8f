/** The dataset of the benchmark record, as numbers the page labels in its own language. */
export type GainDataset = { name: string; labels: number; train: number; validation: number; test: number };

/** The form bench/finetune_gain.py writes: "banking77 (77 labels; train/validation/test 2156/308/616)". */
const DATASET_TEXT = /^(.+?) \((\d+) labels; train\/validation\/test (\d+)\/(\d+)\/(\d+)\)$/;

/** Reads the record's English dataset description; null when it has another form, so the page shows the name only. */
export function parseGainDataset(text: string): GainDataset | null {
  const match = DATASET_TEXT.exec(text.trim());
  if (!match) return null;
  const [, name = "", labels, train, validation, test] = match;
  return { name, labels: Number(labels), train: Number(train), validation: Number(validation), test: Number(test) };
}

/** Returns the dataset's name without the English description in brackets. */
export function gainDatasetName(text: string): string {
  return text.replace(/\s*\(.*\)\s*$/, "").trim() || text;
}
