/** Renderer entry: mounts the app. Styles load first so the first paint is already themed. */
import './zod-jitless'
import './styles/tokens.css'
import './styles/base.css'
import { QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app'
import { BridgeProvider, selectBridge } from './bridge'
import { createBridgeQueryClient } from './hooks/use-bridge-query'
import { applyTheme, savedTheme } from './lib/theme'

const container = document.getElementById('root')
if (!container) throw new Error('index.html has no #root element')

// Before the first render, so the first paint is already in the chosen theme.
applyTheme(savedTheme())

// Selected before the first render, so web mode's token leaves the address bar at once.
const bridge = selectBridge()

createRoot(container).render(
  <StrictMode>
    <BridgeProvider bridge={bridge}>
      <QueryClientProvider client={createBridgeQueryClient()}>
        <App />
      </QueryClientProvider>
    </BridgeProvider>
  </StrictMode>,
)
