// Label selectors (equality- and set-based) and field selectors, with the recorded error messages.
import { ApiError, errors } from './errors';

type LabelOp = 'exists' | '!exists' | '=' | '!=' | 'in' | 'notin' | '>' | '<';
interface LabelRequirement {
  key: string;
  op: LabelOp;
  values: string[];
}
export type LabelSelector = LabelRequirement[];

const SPECIAL = new Set([' ', '\t', '\n', ',', '(', ')', '=', '!', '<', '>']);

function lex(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t' || c === '\n') {
      i++;
      continue;
    }
    if (c === '=' && s[i + 1] === '=') { out.push('=='); i += 2; continue; }
    if (c === '!' && s[i + 1] === '=') { out.push('!='); i += 2; continue; }
    if (SPECIAL.has(c)) { out.push(c); i++; continue; }
    let j = i;
    while (j < s.length && !SPECIAL.has(s[j])) j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

function parseFail(msg: string): ApiError {
  return errors.badRequest(`unable to parse requirement: ${msg}`);
}

const isIdent = (t: string | undefined) => t !== undefined && !SPECIAL.has(t) && t !== '==' && t !== '!=';

export function parseLabelSelector(input: string | undefined): LabelSelector {
  if (!input || !input.trim()) return [];
  const toks = lex(input);
  const reqs: LabelRequirement[] = [];
  let p = 0;
  while (p < toks.length) {
    let op: LabelOp | undefined;
    if (toks[p] === '!') {
      p++;
      op = '!exists';
    }
    const key = toks[p];
    if (!isIdent(key)) throw parseFail(`found '${key ?? ''}', expected: identifier`);
    p++;
    if (op === '!exists') {
      reqs.push({ key, op, values: [] });
    } else {
      const t = toks[p];
      if (t === undefined || t === ',') {
        reqs.push({ key, op: 'exists', values: [] });
      } else if (t === 'in' || t === 'notin') {
        p++;
        if (toks[p] !== '(') throw parseFail(`found '${toks[p] ?? ''}' expected: '('`);
        p++;
        const values: string[] = [];
        while (toks[p] !== ')') {
          if (toks[p] === undefined) throw parseFail(`found '', expected: ',', ')' or identifier`);
          if (toks[p] === ',') { p++; continue; }
          if (!isIdent(toks[p])) throw parseFail(`found '${toks[p]}', expected: ',', ')' or identifier`);
          values.push(toks[p]);
          p++;
        }
        p++;
        reqs.push({ key, op: t, values });
      } else if (t === '=' || t === '==' || t === '!=' || t === '>' || t === '<') {
        p++;
        const v = toks[p];
        let value = '';
        if (isIdent(v)) {
          value = v;
          p++;
        } else if (v !== undefined && v !== ',') {
          throw parseFail(`found '${v}', expected: identifier`);
        }
        if ((t === '>' || t === '<') && !/^-?\d+$/.test(value)) throw parseFail(`for '${t}' operator, the value must be an integer`);
        reqs.push({ key, op: t === '==' ? '=' : (t as LabelOp), values: [value] });
      } else {
        throw parseFail(`found '${t}', expected: in, notin, =, ==, !=, gt, lt`);
      }
    }
    if (p < toks.length) {
      if (toks[p] !== ',') throw parseFail(`found '${toks[p]}', expected: ',' or 'end of string'`);
      p++;
    }
  }
  return reqs;
}

export function matchesLabels(sel: LabelSelector, labels: Record<string, string> | undefined): boolean {
  for (const r of sel) {
    const has = !!labels && Object.prototype.hasOwnProperty.call(labels, r.key);
    const v = has ? labels![r.key] : undefined;
    switch (r.op) {
      case 'exists': if (!has) return false; break;
      case '!exists': if (has) return false; break;
      case '=': if (v !== r.values[0]) return false; break;
      case '!=': if (v === r.values[0]) return false; break;
      case 'in': if (!has || !r.values.includes(v!)) return false; break;
      case 'notin': if (has && r.values.includes(v!)) return false; break;
      case '>': if (!has || !(Number(v) > Number(r.values[0]))) return false; break;
      case '<': if (!has || !(Number(v) < Number(r.values[0]))) return false; break;
    }
  }
  return true;
}

interface FieldRequirement {
  path: string;
  negate: boolean;
  value: string;
}
export type FieldSelector = FieldRequirement[];

export function parseFieldSelector(input: string | undefined): FieldSelector {
  if (!input || !input.trim()) return [];
  return input.split(',').map((term) => {
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(term.trim());
    if (!m) throw errors.badRequest(`invalid selector: '${input}'; can't understand '${term}'`);
    return { path: m[1].trim(), negate: m[2] === '!=', value: m[3].trim() };
  });
}

function fieldValue(obj: any, path: string): string {
  let cur = obj;
  for (const part of path.split('.')) {
    if (cur == null || typeof cur !== 'object') return '';
    cur = cur[part];
  }
  return cur == null ? '' : String(cur);
}

export function matchesFields(sel: FieldSelector, obj: any): boolean {
  for (const r of sel) {
    const eq = fieldValue(obj, r.path) === r.value;
    if (eq === r.negate) return false;
  }
  return true;
}
