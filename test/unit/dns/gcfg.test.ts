import { describe, expect, it } from 'vitest';
import { parseGcfg } from '../../../src/dns/gcfg.js';

function plain(doc: ReturnType<typeof parseGcfg>): { sections: Record<string, Record<string, string>>; problems: string[] } {
  return { sections: JSON.parse(JSON.stringify(doc.sections)), problems: doc.problems };
}

describe('parseGcfg', () => {
  const cases: { name: string; text: string; sections: Record<string, Record<string, string>>; problems?: string[] }[] = [
    { name: 'empty text', text: '', sections: {} },
    {
      name: 'the CoreDNS example from the federation guide',
      text: '[Global]\netcd-endpoints = http://etcd-cluster.my-namespace:2379\nzones = example.com.\ncoredns-endpoints = 172.16.1.12:30630\n',
      sections: {
        global: { 'etcd-endpoints': 'http://etcd-cluster.my-namespace:2379', zones: 'example.com.', 'coredns-endpoints': '172.16.1.12:30630' },
      },
    },
    {
      name: 'comments, blank lines and indentation',
      text: '# top\n; also\n\n  [Global]   # trailing\n\tzones=a.com. ; note\n   # indented comment\n',
      sections: { global: { zones: 'a.com.' } },
    },
    {
      name: 'section and variable names in any case are folded to lower case',
      text: '[GLOBAL]\nResourceGroup = rg1\n[global]\nTENANT-ID = t\n',
      sections: { global: { resourcegroup: 'rg1', 'tenant-id': 't' } },
    },
    {
      name: 'subsections keep their case',
      text: '[Provider "Main One"]\nkey = v\n[provider "a\\"b"]\nkey = w\n',
      sections: { 'provider "Main One"': { key: 'v' }, 'provider "a"b"': { key: 'w' } },
    },
    {
      name: 'quoted values keep comment characters and surrounding spaces',
      text: '[Global]\nsecret = "  p#ss;word  "\nmixed = abc "d e" f  \n',
      sections: { global: { secret: '  p#ss;word  ', mixed: 'abc d e f' } },
    },
    {
      name: 'escapes',
      text: '[Global]\nv = "a\\"b\\\\c\\td\\ne"\n',
      sections: { global: { v: 'a"b\\c\td\ne' } },
    },
    {
      name: 'an empty value',
      text: '[Global]\nproject-id =\ntoken-url = ""\n',
      sections: { global: { 'project-id': '', 'token-url': '' } },
    },
    {
      name: 'a later value wins',
      text: '[Global]\nzones = a.com.\nzones = b.com.\n',
      sections: { global: { zones: 'b.com.' } },
    },
    {
      name: 'a backslash continues the value on the next line',
      text: '[Global]\nzones = a.com.,\\\nb.com.\nnext = x\n',
      sections: { global: { zones: 'a.com.,b.com.', next: 'x' } },
    },
    {
      name: 'CRLF line ends and a byte-order mark',
      text: '\uFEFF[Global]\r\nzones = a.com.\r\n',
      sections: { global: { zones: 'a.com.' } },
    },
    {
      name: 'a section called constructor is just a section',
      text: '[constructor]\ntoString = x\n',
      sections: { constructor: { tostring: 'x' } },
    },
    {
      name: 'a variable before any section',
      text: 'zones = a.com.\n[Global]\n',
      sections: { global: {} },
      problems: ['line 1: "zones" is outside any [Section]'],
    },
    {
      name: 'a bad section header',
      text: '[Global\nzones = a.com.\n[ok]\nx = 1\n',
      sections: { ok: { x: '1' } },
      problems: ['line 1: invalid section header; write [Name] or [Name "subsection"]', 'line 2: "zones" is outside any [Section]'],
    },
    {
      name: 'a bare word is reported without quoting it',
      text: '[Global]\nhunter2\n',
      sections: { global: {} },
      problems: ['line 2: a name without "= value"'],
    },
    {
      name: 'a line that is not name = value is reported without quoting it',
      text: '[Global]\nsecret: s3cr3t\n-x = 1\nclient secret = abc\n',
      sections: { global: {} },
      problems: [
        'line 2: expected [Section] or name = value',
        'line 3: expected [Section] or name = value',
        'line 4: expected [Section] or name = value',
      ],
    },
    {
      name: 'an unterminated quote',
      text: '[Global]\nsecret = "abc\nzones = a.com.\n',
      sections: { global: { zones: 'a.com.' } },
      problems: ['line 2: the value of "secret" has an unterminated quote'],
    },
    {
      name: 'an invalid escape',
      text: '[Global]\nsecret = ab\\qc\n',
      sections: { global: {} },
      problems: ['line 2: the value of "secret" has an invalid backslash escape'],
    },
    {
      name: 'a backslash on the last line',
      text: '[Global]\nsecret = abc\\',
      sections: { global: {} },
      problems: ['line 2: the value of "secret" ends with a backslash'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(plain(parseGcfg(c.text))).toEqual({ sections: c.sections, problems: c.problems ?? [] });
    });
  }

  it('never puts a value into a problem', () => {
    const text = '[Global]\nsecret = "s3cr3t\nalso = s3cr3t\\q\ns3cr3t\ns3cr3t s3cr3t\n';
    const { problems } = parseGcfg(text);
    expect(problems).toHaveLength(4);
    for (const p of problems) expect(p).not.toContain('s3cr3t');
  });

  it('returns records with no inherited keys', () => {
    const { sections } = parseGcfg('[Global]\nzones = a.com.\n');
    expect(sections.constructor).toBeUndefined();
    expect(sections.global.constructor).toBeUndefined();
  });
});
