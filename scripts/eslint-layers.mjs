// ESLint plugin with one rule, `layers/no-upward-import`: a file may import only from its own layer
// or the layers below it (docs/DEVELOPING.md, "Layers"). Every import inside the project is a
// relative path, so resolving it against the importing file is enough to know both layers; a
// resolver plugin (as eslint-plugin-boundaries needs for TypeScript) would add nothing.
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** The layer of a project-relative path, or null outside the layered code. First match wins. */
export function layerOf(rel) {
  if (rel.startsWith('shared/')) return 'shared';
  if (rel.startsWith('api/_lib/db/')) return 'db';
  if (rel.startsWith('api/_lib/services/')) return 'services';
  if (rel.startsWith('api/_lib/http/')) return 'http';
  // These two list every entry's routes, so they sit with the entries.
  if (/^api\/_lib\/(all-routes|openapi)(\.ts)?$/.test(rel)) return 'entry';
  if (rel.startsWith('api/_lib/')) return 'core';
  if (rel.startsWith('api/')) return 'entry';
  if (/^miniprogram\/(packages\/[^/]+\/)?pages\//.test(rel)) return 'page';
  if (/^miniprogram\/app(\.config)?(\.ts)?$/.test(rel)) return 'app';
  if (rel.startsWith('miniprogram/')) return 'client';
  return null;
}

/** What each layer may import. `core` is config, errors, log, runtime, store, auth tokens. */
const ALLOWED = {
  shared: ['shared'],
  db: ['db', 'shared'],
  core: ['core', 'db', 'shared'],
  services: ['services', 'core', 'db', 'shared'],
  http: ['http', 'services', 'core', 'db', 'shared'],
  entry: ['entry', 'http', 'services', 'core', 'db', 'shared'],
  client: ['client', 'shared'],
  page: ['page', 'client', 'shared'],
  app: ['app', 'page', 'client', 'shared'],
};

const strip = (p) => p.replace(/\.(tsx?|mjs|cjs|js)$/, '').replace(/\/index$/, '');

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid imports from a higher layer (pages → client → shared; entries → http → services → db).' },
    schema: [
      {
        type: 'object',
        properties: {
          exceptions: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                from: { type: 'string' },
                to: { type: 'string' },
                typeOnly: { type: 'boolean' },
                why: { type: 'string' },
              },
              required: ['from', 'to', 'why'],
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      upward: "'{{from}}' ({{fromLayer}}) may not import '{{to}}' ({{toLayer}}): a layer imports only from itself and the layers below it.",
    },
  },
  create(context) {
    const exceptions = context.options[0]?.exceptions ?? [];
    const file = path.relative(ROOT, context.filename).split(path.sep).join('/');
    const fromLayer = layerOf(file);
    if (!fromLayer) return {};

    function check(node, source, typeOnly) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.relative(ROOT, path.resolve(path.dirname(context.filename), source)).split(path.sep).join('/');
      const toLayer = layerOf(target) ?? layerOf(`${target}/`);
      if (!toLayer || ALLOWED[fromLayer].includes(toLayer)) return;
      const excused = exceptions.some(
        (e) => new RegExp(e.from).test(file) && strip(target) === strip(e.to) && (!e.typeOnly || typeOnly),
      );
      if (excused) return;
      context.report({ node, messageId: 'upward', data: { from: file, fromLayer, to: target, toLayer } });
    }

    return {
      ImportDeclaration(node) {
        const allTypes = node.importKind === 'type' || (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type'));
        check(node, node.source.value, allTypes);
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node, node.source.value, node.exportKind === 'type');
      },
      ExportAllDeclaration(node) {
        check(node, node.source.value, node.exportKind === 'type');
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node, node.source.value, false);
      },
      TSImportType(node) {
        const arg = node.argument?.literal ?? node.argument;
        if (arg?.type === 'Literal') check(node, arg.value, true);
      },
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node, node.arguments[0].value, false);
        }
      },
    };
  },
};

export default { rules: { 'no-upward-import': rule } };
