import { describe, expect, it } from 'vitest';
import { parseOverrides, renderArgs } from '../../../src/federation/objects/args.js';

describe("parseOverrides (the original's marshallOverrides)", () => {
  it.each([
    { name: 'empty string: no overrides', text: '', values: {} },
    { name: 'splits on commas', text: '--v=4,--anonymous-auth=false', values: { '--v': '4', '--anonymous-auth': 'false' } },
    { name: 'a=b=c splits on the first "="', text: '--controllers=services=false', values: { '--controllers': 'services=false' } },
    { name: 'empty value allowed', text: 'zero-value-arg=', values: { 'zero-value-arg': '' } },
    { name: 'whitespace trimmed around key and value', text: ' --v = 4 , --x=  y ', values: { '--v': '4', '--x': 'y' } },
    { name: 'bare keys kept verbatim', text: 'disktype=ssd', values: { disktype: 'ssd' } },
    { name: 'a later duplicate wins', text: '--v=4,--x=1,--v=2', values: { '--x': '1', '--v': '2' } },
    { name: '__proto__ is an ordinary key', text: '__proto__=x', values: JSON.parse('{"__proto__":"x"}') },
  ])('$name', ({ text, values }) => {
    const result = parseOverrides(text);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect({ ...result.values }).toEqual(values);
      expect(Object.keys(result.values)).toEqual(Object.keys(values));
    }
  });

  it.each([
    { name: 'no "="', text: 'x', problem: 'wrong format for override arg: x' },
    { name: '"=x": empty name', text: '=x', problem: 'wrong format for override arg: =x, arg name cannot be empty' },
    { name: 'blank name', text: '--v=4,  =x', problem: 'wrong format for override arg:   =x, arg name cannot be empty' },
    { name: 'trailing comma leaves an empty item', text: '--v=4,', problem: 'wrong format for override arg: ' },
  ])('rejects $name', ({ text, problem }) => {
    expect(parseOverrides(text)).toEqual({ ok: false, problem });
  });
});

describe('renderArgs', () => {
  it('merges overrides over defaults (replace or add) and sorts byte-wise', () => {
    const args = renderArgs({ '--secure-port': '8443', '--bind-address': '0.0.0.0' }, { '--v': '4', '--secure-port': '9443', '--Zeta': 'z' });
    expect(args).toEqual(['--Zeta=z', '--bind-address=0.0.0.0', '--secure-port=9443', '--v=4']);
  });

  it('renders an empty value as "key="', () => {
    expect(renderArgs({}, { '--x': '' })).toEqual(['--x=']);
  });
});
