// Test-only: `python3 -m debugpy.adapter` as the adapter of the `debugpy` debugger type.
const vscode = require('vscode');
const fs = require('fs');

exports.activate = (context) => {
  if (vscode.extensions.getExtension('ms-python.debugpy')) return; // the real one is installed
  const python = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  context.subscriptions.push(vscode.debug.registerDebugAdapterDescriptorFactory('debugpy', {
    createDebugAdapterDescriptor: () => new vscode.DebugAdapterExecutable(python, ['-m', 'debugpy.adapter']),
  }));
};
exports.deactivate = () => undefined;
