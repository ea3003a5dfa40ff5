/**
 * A client of the legacy Process API written after rpaframework's RPA.Robocorp.Process (its URLs,
 * bodies and the way it reads answers, keyword by keyword), so tests call the room as that library
 * does. Like the library it raises on an HTTP error where it calls raise_for_status().
 */
export class LegacyProcessClient {
  constructor(
    /** e.g. http://127.0.0.1:4123/process-v1 (the library's robocorp_api_server) */
    private readonly server: string,
    private readonly workspaceId: string,
    private readonly processId: string,
    private readonly apiKey: string,
  ) {}

  private get headers() {
    return { Authorization: `RC-WSKEY ${this.apiKey}` }
  }
  private processApi(processId = this.processId) {
    return `${this.server}/workspaces/${this.workspaceId}/processes/${processId}`
  }
  private workspaceApi() {
    return `${this.server}/workspaces/${this.workspaceId}`
  }

  private async call(
    method: string,
    url: string,
    options: { json?: unknown; data?: string; raise?: boolean } = {},
  ) {
    const headers: Record<string, string> = { ...this.headers }
    let body: string | Uint8Array | undefined
    // requests' json= sets the content type; data= sends the string as is, with no content type
    // (bytes, because fetch would label a string text/plain).
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(options.json)
    } else if (options.data !== undefined) body = new TextEncoder().encode(options.data)
    const response = await fetch(url, { method, headers, body })
    const text = await response.text()
    if (options.raise !== false && !response.ok) throw new Error(`HTTP ${response.status} ${url}: ${text}`)
    return { status: response.status, text, json: () => JSON.parse(text) as unknown }
  }

  /** start_process(work_items, batch) */
  async startProcess(workItems: unknown, batch = false) {
    return (
      await this.call('POST', `${this.processApi()}/${batch ? 'runs-batch' : 'runs'}`, {
        json: workItems ?? [],
        raise: false,
      })
    ).json()
  }

  /** start_configured_process(config_type, extra_info): the library sends data=json.dumps(...) and returns the text. */
  async startConfiguredProcess(type: 'default' | 'workItemIds', extraInfo?: string | string[]) {
    const request: Record<string, unknown> = { type }
    if (type === 'workItemIds')
      request.workItemIds = typeof extraInfo === 'string' ? [extraInfo] : (extraInfo ?? [])
    return (
      await this.call('POST', `${this.processApi()}/run-request`, {
        data: JSON.stringify(request),
        raise: false,
      })
    ).text
  }

  /** create_input_work_item(payload, files): creates the item, then registers and uploads each file. */
  async createInputWorkItem(
    payload: unknown,
    files: { name: string; content: Buffer }[] = [],
  ): Promise<string> {
    const created = (
      await this.call('POST', `${this.processApi()}/work-items`, { json: { payload: payload ?? {} } })
    ).json() as { id: string }
    for (const file of files) {
      const registered = (
        await this.call('POST', `${this.processApi()}/work-items/${created.id}/files/upload`, {
          data: JSON.stringify({ fileName: file.name, fileSize: file.content.length }),
        })
      ).json() as { url: string; fields: Record<string, string> }
      // upload_file_to_s3: a multipart POST of the fields and the file, with no key.
      const form = new FormData()
      for (const [name, value] of Object.entries(registered.fields)) form.append(name, value)
      form.append('file', new Blob([new Uint8Array(file.content)]), file.name)
      const uploaded = await fetch(registered.url, { method: 'POST', body: form })
      if (!uploaded.ok) throw new Error(`upload failed: HTTP ${uploaded.status} ${await uploaded.text()}`)
    }
    return created.id
  }

  /** list_processes() */
  async listProcesses() {
    return ((await this.call('GET', `${this.workspaceApi()}/processes`)).json() as { data: unknown[] }).data
  }

  /** list_process_work_items(include_data, item_state) */
  async listProcessWorkItems(includeData = false, itemState?: string) {
    const url = `${this.processApi()}/work-items?includeData=${String(includeData)}`
    const data = ((await this.call('GET', url)).json() as { data: { state: string }[] }).data
    return itemState ? data.filter((d) => d.state.toUpperCase() === itemState.toUpperCase()) : data
  }

  /** list_process_run_work_items(process_run_id, include_data) */
  async listProcessRunWorkItems(processRunId: string, includeData = false) {
    const url = `${this.processApi()}/runs/${processRunId}/work-items?includeData=${String(includeData)}&sortBy=createTs&sortOrder=desc`
    return ((await this.call('GET', url)).json() as { data: unknown[] }).data
  }

  /** get_work_item(workitem_id, include_data) */
  async getWorkItem(id: string, includeData = false) {
    return (
      await this.call('GET', `${this.processApi()}/work-items/${id}?includeData=${String(includeData)}`)
    ).json()
  }

  /** list_process_runs(run_state, limit) */
  async listProcessRuns(limit = 10) {
    return (
      (await this.call('GET', `${this.processApi()}/runs?limit=${limit}`)).json() as { data: unknown[] }
    ).data
  }

  /** list_process_runs_in_workspace(run_state, limit) */
  async listProcessRunsInWorkspace(limit = 10) {
    return (await this.call('GET', `${this.workspaceApi()}/pruns?limit=${limit}`)).json() as unknown[]
  }

  /** get_process_run_status(process_run_id, step_run_id) */
  async getProcessRunStatus(processRunId: string, stepRunId?: string) {
    let url = `${this.processApi()}/runs/${processRunId}`
    if (stepRunId) url = `${url}/robotRuns/${stepRunId}`
    return (await this.call('GET', url)).json()
  }

  /** retry_work_item(work_item_id): the library returns response.json() without raising. */
  async retryWorkItem(id: string) {
    const response = await this.call('POST', `${this.processApi()}/work-items/${id}/retry`, { raise: false })
    return { status: response.status, body: response.json() }
  }

  /** list_run_artifacts(process_run_id, step_run_id) */
  async listRunArtifacts(processRunId: string, stepRunId: string) {
    return (
      await this.call('GET', `${this.processApi()}/runs/${processRunId}/robotRuns/${stepRunId}/artifacts`)
    ).json() as {
      id: string
      fileName: string
      fileSize: number
    }[]
  }

  /** get_robot_run_artifact(process_run_id, step_run_id, artifact_id, filename): a download URL. */
  async getRobotRunArtifact(processRunId: string, stepRunId: string, artifactId: string, filename: string) {
    const url = `${this.processApi()}/runs/${processRunId}/robotRuns/${stepRunId}/artifacts/${artifactId}/${filename}`
    return (await this.call('GET', url)).json() as string
  }
}
