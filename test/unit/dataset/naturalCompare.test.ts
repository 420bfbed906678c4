import * as assert from 'assert';
import * as fs from 'fs';
import { naturalCompare } from '../../../src/core/dataset/naturalCompare';
import { parseCsv, parseLabelsCsv } from '../../../src/core/dataset/labelsCsv';
import { FIG } from './fixtures';

describe('dataset: natural order and labels.csv', () => {
  it('sorts 1..12 naturally (2 before 10), unlike a lexical sort', () => {
    const names = Array.from({ length: 12 }, (_, i) => `${i + 1}.png`);
    const shuffled = [...names].sort();
    assert.deepStrictEqual(shuffled.slice(0, 4), ['1.png', '10.png', '11.png', '12.png']);
    assert.deepStrictEqual([...shuffled].sort(naturalCompare), names);
  });

  it('compares mixed text/number runs and keeps the order total', () => {
    assert.ok(naturalCompare('case2', 'case10') < 0);
    assert.ok(naturalCompare('Brats18_2013_3_1', 'Brats18_2013_11_1') < 0);
    assert.ok(naturalCompare('a', 'B') < 0);
    assert.ok(naturalCompare('01', '1') !== 0, 'zero-padded and plain ids must not tie');
    assert.strictEqual(naturalCompare('x9', 'x9'), 0);
    assert.ok(naturalCompare('99999999999999999999', '100000000000000000000') < 0, 'no overflow on long digit runs');
  });

  it('parses quoted CSV fields holding commas, quotes and newlines, with line numbers', () => {
    const rows = parseCsv('id,poly\n1,"[[1, 2], [3, 4]]"\n2,"say ""hi""\nthere"\r\n3,x\n');
    assert.deepStrictEqual(rows.map((r) => r.fields), [['id', 'poly'], ['1', '[[1, 2], [3, 4]]'], ['2', 'say "hi"\nthere'], ['3', 'x']]);
    assert.deepStrictEqual(rows.map((r) => r.line), [1, 2, 3, 5]);
  });

  it('reads the real figshare labels.csv: 124 rows, labels 1..3, author folds, class names', () => {
    const t = parseLabelsCsv(fs.readFileSync(FIG('labels.csv'), 'utf8'), 'labels.csv');
    assert.deepStrictEqual(t.findings, []);
    assert.strictEqual(t.rows.size, 124);
    assert.deepStrictEqual(t.rows.get('1'), { id: '1', label: 1, className: 'meningioma', fold: 3, line: 2 });
    assert.deepStrictEqual([...new Set([...t.rows.values()].map((r) => r.label))].sort(), [1, 2, 3]);
    assert.deepStrictEqual([...new Set([...t.rows.values()].map((r) => r.fold))].sort(), [1, 2, 3, 4]);
  });

  it('reports duplicate ids and non-integer labels with their lines', () => {
    const t = parseLabelsCsv('id,label,patient\n1,1,p1\n2,x,p1\n1,2,p2\n', 'labels.csv');
    assert.deepStrictEqual(t.findings.map((f) => [f.severity, f.code, f.line]), [['error', 'labels-csv', 3], ['error', 'duplicate-id', 4]]);
    assert.deepStrictEqual(t.rows.get('1'), { id: '1', label: 1, fold: undefined, group: 'p1', line: 2 });
  });
});
