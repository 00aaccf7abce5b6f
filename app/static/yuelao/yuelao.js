/* 月老 Yuelao: client pickers search as you type (app/clients/picker.py). */
$(function () {
  $('select.yl-client-picker').each(function () {
    var el = $(this);
    el.select2({
      placeholder: el.data('placeholder'),
      allowClear: true,
      minimumInputLength: 1,
      ajax: {
        url: el.data('url'),
        dataType: 'json',
        delay: 250,
        data: function (params) { return {q: params.term}; },
        processResults: function (data) { return {results: data.results}; }
      }
    });
  });
});
