import { render } from 'preact';
import { App } from './App';

render(<App surface="popup" />, document.getElementById('app')!);
