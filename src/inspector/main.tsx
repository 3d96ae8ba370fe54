import { render } from 'preact'
import { App } from './components/app'
import './styles/theme.css'
import './styles/layout.css'
import './styles/key-list.css'
import './styles/detail.css'
import './styles/groups.css'

render(<App />, document.getElementById('app')!)
