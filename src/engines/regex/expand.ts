/**
 * Go's `Regexp.Expand` template syntax: `$name` or `${name}` names a capture group by number or
 * name (a name is the longest run of letters, digits and `_`, so `$1x` is the group named `1x`);
 * `$$` is a literal `$`; an unknown group expands to ''; a `$` not followed by a name stays as is.
 */

/** Fills `template` from one match's `groups`, with `names` the pattern's group names. */
export function expandTemplate(
  template: string,
  groups: readonly (string | undefined)[],
  names: readonly string[],
): string {
  let out = '';
  let t = template;
  for (;;) {
    const dollar = t.indexOf('$');
    if (dollar < 0) break;
    out += t.slice(0, dollar);
    t = t.slice(dollar + 1);
    if (t.startsWith('$')) {
      out += '$';
      t = t.slice(1);
      continue;
    }
    const ref = reference(t);
    if (!ref) {
      out += '$';
      continue;
    }
    t = ref.rest;
    if (ref.num >= 0) out += groups[ref.num] ?? '';
    else {
      const i = names.indexOf(ref.name);
      if (i > 0) out += groups[i] ?? '';
    }
  }
  return out + t;
}

/** The group reference right after a `$`: its name, its number (-1 if not a number), the rest. */
function reference(s: string): { name: string; num: number; rest: string } | undefined {
  const brace = s.startsWith('{');
  const str = brace ? s.slice(1) : s;
  const name = /^[\p{L}\p{Nd}_]+/u.exec(str)?.[0];
  if (!name) return undefined;
  let i = name.length;
  if (brace) {
    if (str[i] !== '}') return undefined;
    i++;
  }
  // digits without a leading zero are a group number; anything else is looked up as a name
  const num = /^(?:0|[1-9][0-9]{0,7})$/.test(name) ? Number(name) : -1;
  return { name, num, rest: str.slice(i) };
}
