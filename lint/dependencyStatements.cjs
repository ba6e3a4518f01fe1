// Babel plugin for the import-boundary lint only: parses TS/TSX and reduces each file to its dependency
// statements, because dependency-cruiser cannot use TypeScript 7 as a parser. Runtime imports stay
// `import 'm'` / `import('m')`; type-only ones become `typeOnlyImport('m')`, which the lint config
// declares as an exotic require so rules can tell them apart. Nothing built or run goes through this.
'use strict';

/** True when a statement brings in types only: `import type`, `export type … from`, or every specifier `type`. */
function isTypeOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specs = node.specifiers ?? [];
  return specs.length > 0 && specs.every((s) => s.importKind === 'type' || s.exportKind === 'type');
}

module.exports = function dependencyStatements({ types: t }) {
  const typeOnly = (m) => t.expressionStatement(t.callExpression(t.identifier('typeOnlyImport'), [t.stringLiteral(m)]));
  const runtime = (m) => t.importDeclaration([], t.stringLiteral(m));
  const dynamic = (m) => t.expressionStatement(t.callExpression(t.import(), [t.stringLiteral(m)]));
  return {
    manipulateOptions(opts, parserOpts) {
      parserOpts.plugins.push('typescript');
      if (/\.[cm]?tsx$/.test(opts.filename ?? '')) parserOpts.plugins.push('jsx');
    },
    visitor: {
      Program(program) {
        const deps = [];
        program.traverse({
          'ImportDeclaration|ExportNamedDeclaration|ExportAllDeclaration'(p) {
            const src = p.node.source?.value;
            if (src !== undefined) deps.push((isTypeOnly(p.node) ? typeOnly : runtime)(src));
          },
          CallExpression(p) {
            const [arg] = p.node.arguments;
            if (p.get('callee').isImport() && t.isStringLiteral(arg)) deps.push(dynamic(arg.value));
          },
          TSImportType(p) {
            const arg = p.node.argument;
            if (t.isStringLiteral(arg)) deps.push(typeOnly(arg.value));
            else if (t.isTSLiteralType(arg) && t.isStringLiteral(arg.literal)) deps.push(typeOnly(arg.literal.value));
          },
        });
        program.node.body = deps;
        program.node.directives = [];
        program.skip();
      },
    },
  };
};
