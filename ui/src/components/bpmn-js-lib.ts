// bpmn-js and its styles in their own chunk: only pages that draw a diagram download them (see bpmn-viewer.tsx).
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';

export { NavigatedViewer };
