export { FiguresPanel, WindowPicker } from './FiguresPanel';
export { BandChip } from './BandChip';
