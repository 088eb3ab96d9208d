// The category taxonomy the server filters with (GetTaxonomy, `weerbaar-taxonomy/v1`, see
// docs/signals.md), as the client needs it: the categories in order with their labels, the
// house rule flag.
export interface Category {
  id: string;
  labelNl: string;
  labelEn: string;
  describesPerson: boolean;
}

export class Taxonomy {
  private constructor(readonly categories: Category[]) {}

  static fromJson(json: string): Taxonomy {
    const doc = JSON.parse(json) as { categories: Array<{ id: string; label_nl: string; label_en: string; describes_person: boolean }> };
    return new Taxonomy(doc.categories.map((c) => ({ id: c.id, labelNl: c.label_nl, labelEn: c.label_en, describesPerson: c.describes_person })));
  }

  describesPerson(id: string): boolean {
    return this.categories.find((c) => c.id === id)?.describesPerson ?? false;
  }

  label(id: string, lang: 'nl' | 'en'): string {
    const c = this.categories.find((x) => x.id === id);
    return c ? (lang === 'nl' ? c.labelNl : c.labelEn) : id;
  }
}
