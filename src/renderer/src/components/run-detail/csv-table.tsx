/**
 * A CSV artifact as a table, parsed by papaparse (quotes, embedded newlines, CRLF). The first row
 * is the header; at most MAX_ROWS rows are drawn, the count says how many there are.
 */
import Papa from 'papaparse'
import { useMemo } from 'react'
import { plural } from '../../lib/format'

export const MAX_CSV_ROWS = 1000

export function CsvTable({ text, name }: { text: string; name: string }) {
  const parsed = useMemo(() => Papa.parse<string[]>(text.trimEnd(), { skipEmptyLines: true }), [text])
  const [header = [], ...rows] = parsed.data
  const problem = parsed.errors[0]
  return (
    <div className="csv-table">
      <p className="artifact-preview__note">
        {plural(rows.length, 'row')}
        {rows.length > MAX_CSV_ROWS && `, the first ${MAX_CSV_ROWS} shown`}
        {problem && ` · row ${(problem.row ?? 0) + 1}: ${problem.message}`}
      </p>
      <div className="csv-table__scroll">
        <table className="data-table" aria-label={name}>
          <thead>
            <tr>
              {header.map((cell, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: columns have no id but their place
                <th key={index} scope="col">
                  {cell}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, MAX_CSV_ROWS).map((row, rowIndex) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id but their place
              <tr key={rowIndex}>
                {row.map((cell, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns have no id but their place
                  <td key={index}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}
