// monaco-yaml's worker (yaml-language-server: validation, hover, completion against the kind's JSON Schema).
import 'monaco-yaml/yaml.worker';
