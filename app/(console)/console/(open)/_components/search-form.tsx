/** A console search (GET, so the URL keeps it): one field `q` and its button. */
export function SearchForm({
  label,
  submit,
  value,
}: {
  label: string;
  submit: string;
  value: string;
}) {
  return (
    <form className="flex flex-wrap items-end gap-2" role="search">
      <label className="block">
        <span className="block font-semibold">{label}</span>
        <input
          name="q"
          defaultValue={value}
          className="mt-1 block min-h-11 w-72 rounded-md border border-slate-400 bg-white px-3"
        />
      </label>
      <button className="min-h-11 rounded-md bg-harbor-700 px-5 font-semibold text-white">
        {submit}
      </button>
    </form>
  );
}
