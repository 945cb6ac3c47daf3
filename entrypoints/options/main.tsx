import { render } from 'preact';
import { App } from '../popup/App';

render(<App surface="options" />, document.getElementById('app')!);
